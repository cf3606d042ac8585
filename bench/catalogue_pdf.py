"""How long the catalogue's PDF brochure takes, with the demo data and with a grown catalogue.

    DEBUG=true .venv/bin/python bench/catalogue_pdf.py [--organisations 300] [--rounds 3]

Works in a throw-away test database (an in-memory one on SQLite), so the real data and cache are
left alone: loads the demo fixtures, measures, then adds organisations until the catalogue holds
``--organisations`` (each with an offer, public contact data, sectors, municipalities, another
name and two allocations) and measures again. Prints, per size, from one run:

- first render: a download through the view with an empty cache (queries, template, WeasyPrint,
  storing in the cache);
- WeasyPrint alone: the same HTML rendered by WeasyPrint without the view, queries or cache;
- cached: the same download again (what every later visitor gets until the data change);
- pages and size of the PDF.

Medians over ``--rounds`` rounds. Timings are printed, never asserted.
"""

import argparse
import datetime
import io
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ilv.settings")
os.environ.setdefault("DEBUG", "true")

import django  # noqa: E402
from pypdf import PdfReader  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from actors.models import Municipality, Organisation, OrganisationAlias, Sector  # noqa: E402
from catalogue.brochure import brochure_html  # noqa: E402
from contingents.models import Allocation, Measure  # noqa: E402
from ilv.pdf import html_to_pdf  # noqa: E402


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def grow_to(total: int) -> None:
    """Catalogue organisations until there are ``total``, through the ORM (with their history)."""
    sectors = list(Sector.objects.all())
    municipalities = list(Municipality.objects.all())
    measures = list(Measure.objects.filter(counts_fte=True))
    missing = total - Organisation.objects.filter(in_catalogue=True).count()
    for i in range(missing):
        organisation = Organisation.objects.create(
            name=f"Bench onderneming {i:04}",
            kind=Organisation.Kind.SOCIAL_ECONOMY,
            in_catalogue=True,
            headquarters=municipalities[i % len(municipalities)].name,
            offer="Maatwerkbedrijf met groenonderhoud, een kringwinkel en een fietspunt. " * 3,
            public_address=f"Voorbeeldstraat {i}, 2800 Mechelen",
            public_phone="015 00 00 00",
            public_email=f"info{i}@bench.example",
            website=f"https://bench{i}.example/",
        )
        organisation.sectors.set(sectors[i % len(sectors) : i % len(sectors) + 2])
        organisation.active_in.set(municipalities[i % 7 : i % 7 + 3])
        OrganisationAlias.objects.create(organisation=organisation, name=f"Bench {i:04} vzw")
        for measure in measures[:2]:
            Allocation.objects.create(
                organisation=organisation,
                measure=measure,
                valid_from=datetime.date(2021, 10, 1),
                fte=Decimal("12.50"),
            )


def measure(client, url, rounds: int) -> dict:
    first, cached, alone = [], [], []
    pdf = b""
    html = brochure_html(today=timezone.localdate())
    for _ in range(rounds):
        cache.clear()  # an empty cache: the next download renders
        seconds, response = timed(lambda: client.get(url))
        assert response.status_code == 200, response.status_code
        pdf = response.content
        first.append(seconds)
        cached.append(timed(lambda: client.get(url))[0])
        alone.append(timed(lambda: html_to_pdf(html))[0])
    return {
        "organisations": Organisation.objects.filter(in_catalogue=True).count(),
        "pages": len(PdfReader(io.BytesIO(pdf)).pages),
        "kb": len(pdf) / 1024,
        "first": statistics.median(first),
        "weasyprint": statistics.median(alone),
        "cached": statistics.median(cached),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    fixtures = sorted(str(p) for p in Path(settings.BASE_DIR, "fixtures").glob("*.json"))
    call_command("loaddata", *fixtures, verbosity=0)
    client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
    url = reverse("catalogue:brochure")
    client.get(url)  # warm up imports, fonts and templates outside the measurements

    results = [measure(client, url, args.rounds)]
    grow_to(args.organisations)
    results.append(measure(client, url, args.rounds))

    print(f"catalogue brochure PDF, medians of {args.rounds} rounds")
    print("organisations  pages      KB  first render  WeasyPrint alone  cached download")
    for r in results:
        print(
            f"{r['organisations']:13d}  {r['pages']:5d}  {r['kb']:6.0f}"
            f"  {r['first'] * 1000:9.0f} ms  {r['weasyprint'] * 1000:13.0f} ms"
            f"  {r['cached'] * 1000:12.1f} ms"
        )


if __name__ == "__main__":
    main()
