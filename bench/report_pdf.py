"""How long the annual report's PDF takes: first render, cached download, and our overhead.

    DEBUG=true .venv/bin/python bench/report_pdf.py [--year 2021] [--rounds 3]

Runs against the configured database (``make demo`` first for the demo data) with a temporary
MEDIA_ROOT, so the real PDF cache is left alone. Prints, from one run:

- first render: the download of a report whose PDF is not cached yet (queries, templates,
  WeasyPrint, writing the cache), through the view;
- cached: the same download again;
- WeasyPrint alone: the same saved HTML rendered with the same options by WeasyPrint itself;
- the ratio of the first render to WeasyPrint alone (target below 1.15).

Medians over ``--rounds`` rounds; the rounds alternate so that a noisy machine hits both sides.
Timings are printed, never asserted.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ilv.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402
from pypdf import PdfReader  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from ilv.pdf import html_to_pdf  # noqa: E402
from reports.models import AnnualReport  # noqa: E402
from reports.rendering import report_content  # noqa: E402


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def download(client, url) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    report = AnnualReport.objects.get(year=args.year)
    # The annual report is the beheerscomité's: the demo login seated there reads it.
    reader = get_user_model().objects.filter(username="beheerscomite").first()
    if reader is None:
        sys.exit("No beheerscomite login: run `make demo` first.")
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
    client.force_login(reader)
    url = reverse("reports:draft_pdf", args=[args.year])

    # Warm up imports, fonts and template caches once, outside the measurements.
    with tempfile.TemporaryDirectory() as warm:
        settings.MEDIA_ROOT = warm
        download(client, url)

    html = report_content(report).print_html(draft=True)
    first, cached, alone = [], [], []
    pdf = b""

    def ours():
        nonlocal pdf
        with tempfile.TemporaryDirectory() as media:
            settings.MEDIA_ROOT = media  # an empty cache: the next download renders
            seconds, pdf = timed(lambda: download(client, url))
            first.append(seconds)
            cached.append(timed(lambda: download(client, url))[0])

    def weasyprint_alone():
        alone.append(timed(lambda: html_to_pdf(html))[0])

    for number in range(args.rounds):
        # Alternate which side goes first, so warm caches favour neither.
        for measure in (ours, weasyprint_alone) if number % 2 == 0 else (weasyprint_alone, ours):
            measure()
    size, pages = len(pdf), len(PdfReader(io.BytesIO(pdf)).pages)

    first_median, cached_median = statistics.median(first), statistics.median(cached)
    alone_median = statistics.median(alone)
    print(f"report {args.year}: {size / 1024:.0f} KB, {pages} pages, {args.rounds} rounds")
    print(f"first render (view, empty cache): {first_median * 1000:8.0f} ms")
    print(f"cached download (view):           {cached_median * 1000:8.0f} ms")
    print(f"WeasyPrint alone, same HTML:      {alone_median * 1000:8.0f} ms")
    print(f"ratio first render / WeasyPrint:  {first_median / alone_median:8.3f}  (target < 1.15)")


if __name__ == "__main__":
    main()
