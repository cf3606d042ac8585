"""System checks of the events app's settings (run by `manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.compatibility, deploy=True)
def site_url_is_set(app_configs, **kwargs):
    """Mail sent by a scheduled job (reminders) has no request to learn the site's address from."""
    if settings.SITE_URL:
        return []
    return [
        checks.Warning(
            "SITE_URL is empty: reminder mails, sent by a scheduled job, would link to "
            "http://127.0.0.1:8000.",
            hint="Set SITE_URL to the address people reach the site at, e.g. "
            "https://regie.example.be.",
            id="events.W001",
        )
    ]
