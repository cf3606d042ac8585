"""Make sure the PDF brochure of the current data is in the cache (run every few minutes, from a
timer), so that no visitor waits for a render: with hundreds of organisations one takes tens of
seconds. Does nothing when the current version is already there."""

import time

from django.core.management.base import BaseCommand

from catalogue.brochure import brochure_pdf


class Command(BaseCommand):
    help = "Render the catalogue's PDF brochure into the cache if the data changed since the last."

    def handle(self, *args, **options):
        start = time.perf_counter()
        pdf = brochure_pdf()
        self.stdout.write(
            f"Brochure ready: {len(pdf) / 1024:.0f} KB in {time.perf_counter() - start:.1f} s."
        )
