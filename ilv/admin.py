from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("ILV regie sociale economie – beheer")
admin.site.site_title = _("ILV-beheer")
admin.site.index_title = _("Gegevens bijhouden")
admin.site.site_url = "/"


class FormDefaultsMixin:
    """Form inputs as our users expect them in every admin page.

    Decimal inputs show and accept a decimal comma (94,15): Django only localises a form field
    when asked to, and would refuse "6,2". A website typed without scheme ("www.ecoso.be")
    becomes https://.
    """

    formfield_overrides = {
        models.DecimalField: {"localize": True},
        models.URLField: {"assume_scheme": "https"},
    }
