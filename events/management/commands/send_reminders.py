"""Send the reminder mails of events whose reminder day has come (run daily, from a timer)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from events.reminders import reminders_send


class Command(BaseCommand):
    help = "Queue one reminder mail per registration for events within their reminder period."

    def handle(self, *args, **options):
        if not settings.SITE_URL and not settings.DEBUG:
            # A job has no request to learn the site's address from: without SITE_URL every
            # personal link in the reminders would point at this machine.
            raise CommandError(
                "SITE_URL is not set: the personal links in the reminders would point at "
                "http://127.0.0.1:8000. Set SITE_URL to the address people reach the site at."
            )
        sent = reminders_send(today=timezone.localdate())
        self.stdout.write(f"Queued {sent} reminder(s).")
