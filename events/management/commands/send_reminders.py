"""Send the reminder mails of events whose reminder day has come (run daily, from a timer)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from events.reminders import reminders_send


class Command(BaseCommand):
    help = "Queue one reminder mail per registration for events within their reminder period."

    def handle(self, *args, **options):
        sent = reminders_send(today=timezone.localdate())
        self.stdout.write(f"Queued {sent} reminder(s).")
