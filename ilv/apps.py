from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class IlvConfig(AppConfig):
    name = "ilv"
    verbose_name = _("ILV regie sociale economie")

    def ready(self):
        from ilv.roles import sync_roles_after_migrate

        # post_migrate is only sent for apps with models; ilv has none, auth always does.
        post_migrate.connect(
            sync_roles_after_migrate,
            sender=apps.get_app_config("auth"),
            dispatch_uid="ilv_roles",
        )
