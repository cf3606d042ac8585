"""Erase personal data of registrations one year after their event (run daily, e.g. from cron)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from events.erasure import registrations_erase


class Command(BaseCommand):
    help = (
        "Erase names, e-mail and shipping addresses of registrations for events older than --days."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=365, help="Age of the event in days (365).")

    def handle(self, *args, days, **options):
        before = timezone.localdate() - datetime.timedelta(days=days)
        erased = registrations_erase(events_before=before)
        self.stdout.write(f"Erased {erased} registration(s) of events before {before:%d/%m/%Y}.")
