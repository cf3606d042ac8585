from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContingentsConfig(AppConfig):
    name = "contingents"
    verbose_name = _("Contingenten")
