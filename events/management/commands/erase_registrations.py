"""Erase the personal data of registrations whose event's erasure date has come (run daily)."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from events.erasure import erasure_due, registrations_erase


class Command(BaseCommand):
    help = (
        "Erase names, e-mail, organisation and shipping addresses of registrations for events "
        "whose erasure period (set per event, 12 months by default) has passed. Shows what it "
        "erases; --dry-run only shows."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be erased; change nothing."
        )

    def handle(self, *args, dry_run=False, **options):
        today = timezone.localdate()
        plans = erasure_due(today=today)
        if not plans:
            self.stdout.write("Nothing to erase.")
            return
        for plan in plans:
            self.stdout.write(
                f"{plan.event.title} ({plan.event.date:%d/%m/%Y}, erase from "
                f"{plan.event.erase_on:%d/%m/%Y}): {plan.registrations} registration(s)"
            )
        if dry_run:
            self.stdout.write("Dry run: nothing erased.")
            return
        erased = registrations_erase(today=today)
        total = sum(plan.registrations for plan in erased)
        self.stdout.write(self.style.SUCCESS(f"Erased {total} registration(s)."))
