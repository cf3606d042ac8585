"""Importing labour-market figures through the admin at Flanders scale: preview, confirm, and the
ratio to a bare bulk_create of the same figures.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/ilv_bench
    .venv/bin/python bench/import.py [--rows 10000] [--keep-file figures.csv]

Builds a CSV of ``--rows`` figures as VDAB's files come (``;``, UTF-8 with BOM, the columns of
``LabourMarketFigureResource``: gemeente, indicator, maand, waarde, bron), for the municipalities
of the database (by name) × the ten indicators, in the months after the newest one in the
database, so that every row is new. Then, in one run:

- a bare ``bulk_create`` of the same figures (no validation, no history), the floor;
- the admin's own import as the regisseur (``force_login``, Django's test ``Client``,
  in-process): the upload POSTed to the import view (the preview), then the confirm form POSTed
  to ``process_import``, each timed, with its SQL statements counted (an execute wrapper: no
  query log, so the count costs nothing) and the preview page's size;
- the figures and history rows the import created, whether the uploaded file was removed, and
  the ratio of preview + confirm to the bare ``bulk_create``.

Everything runs inside one transaction that is rolled back at the end (the import's own
transaction becomes a savepoint in it), so the database is left as it was found (checked: the
counts of figures, history rows and admin log entries before and after are printed). Only the
id sequences of the figures, their history and the admin log move on (by 10,000 to 30,000 a
run), as sequences do in a rolled-back transaction: no id is reused, and nothing reads them.
DEBUG is off unless the environment says otherwise (``bench/site.py``). Timings are printed,
never asserted; the machine is shared, so repeat a run before reading much into a difference.
The script also runs on the code before issue 16, for the figures to compare with.
"""

import argparse
import datetime
import random
import re
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.site import configure  # noqa: E402

configure()

from django.conf import settings  # noqa: E402
from django.contrib.admin.models import LogEntry  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from actors.models import LabourMarketFigure, Municipality  # noqa: E402

HistoricalFigure = LabourMarketFigure.history.model
IMPORT_URL = reverse("admin:actors_labourmarketfigure_import")
CONFIRM_URL = reverse("admin:actors_labourmarketfigure_process_import")
CSV_FORMAT = "0"  # the position of CSV in SafeImportMixin.import_formats


class Rollback(Exception):
    """Leaves the measuring transaction, undoing everything it wrote."""


class QueryCounter:
    """Counts the SQL statements sent to the database (execute and executemany alike)."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def figures(rows: int, seed: int = 16) -> list[tuple[Municipality, str, str, datetime.date, str]]:
    """(municipality, indicator code, indicator label, month, value as written) for ``rows``
    figures in months that hold no figure yet."""
    municipalities = list(Municipality.objects.order_by("nis_code"))
    if not municipalities:
        sys.exit("No municipalities: load the demo (make demo) or bench/make_data.py first.")
    newest = LabourMarketFigure.objects.aggregate(newest=Max("reference_month"))["newest"]
    month = next_month(newest) if newest else datetime.date.today().replace(day=1)
    indicators = list(LabourMarketFigure.Indicator)
    rng = random.Random(seed)
    made = []
    while len(made) < rows:
        for municipality in municipalities:
            for indicator in indicators:
                if indicator in LabourMarketFigure.PERCENTAGES:
                    value = f"{rng.randint(10, 150) / 10:.1f}".replace(".", ",")
                else:
                    value = str(rng.randint(0, 5000))
                made.append((municipality, indicator.value, str(indicator.label), month, value))
        month = next_month(month)
    return made[:rows]


def csv_bytes(rows) -> bytes:
    lines = ["gemeente;indicator;maand;waarde;bron"]
    for municipality, _code, label, month, value in rows:
        lines.append(f"{municipality.name};{label};{month:%m/%Y};{value};VDAB, Arvastat")
    return ("\ufeff" + "\n".join(lines) + "\n").encode("utf-8")


def bare_bulk_create(rows) -> float:
    """Seconds for LabourMarketFigure.objects.bulk_create of the same figures, rolled back."""
    objects = [
        LabourMarketFigure(
            municipality=municipality,
            indicator=code,
            reference_month=month,
            value=Decimal(value.replace(",", ".")),
            source="VDAB, Arvastat",
        )
        for municipality, code, _label, month, value in rows
    ]
    try:
        with transaction.atomic():
            start = time.perf_counter()
            LabourMarketFigure.objects.bulk_create(objects)
            seconds = time.perf_counter() - start
            raise Rollback
    except Rollback:
        return seconds


def hidden_inputs(html: str) -> dict[str, str]:
    """The confirm form's hidden fields, read from the preview page (no template
    instrumentation outside the test runner, so ``response.context`` is not available)."""
    fields = {}
    for tag in re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", html):
        name = re.search(r'name="([^"]*)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and name.group(1) != "csrfmiddlewaretoken":
            fields[name.group(1)] = value.group(1) if value else ""
    return fields


def timed_post(client, url, data, counter):
    before = counter.count
    start = time.perf_counter()
    response = client.post(url, data)
    return response, time.perf_counter() - start, counter.count - before


def counts() -> tuple[int, int, int]:
    return (
        LabourMarketFigure.objects.count(),
        HistoricalFigure.objects.count(),
        LogEntry.objects.count(),
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--keep-file", type=Path, help="also write the CSV to this file")
    args = parser.parse_args()

    regisseur = get_user_model().objects.filter(username="regisseur").first()
    if regisseur is None:
        sys.exit("No login 'regisseur': load the demo first (make demo, or make_data.py).")
    rows = figures(args.rows)
    data = csv_bytes(rows)
    if args.keep_file:
        args.keep_file.write_bytes(data)
    found = counts()
    database = connection.settings_dict["NAME"]
    print(f"database {connection.vendor} {database}: {found[0]:,} figures, {found[1]:,} history")
    print(
        f"file: {len(rows):,} rows, {len(data) / 1024:.0f} KB, months "
        f"{rows[0][3]:%m/%Y}–{rows[-1][3]:%m/%Y}, {len({r[0].pk for r in rows})} municipalities"
    )

    counter = QueryCounter()
    # Where the uploaded file waits for the confirm step (the system's temporary directory in
    # the code before issue 16, so that the "before" figures can be measured with this script).
    uploads = Path(getattr(settings, "IMPORT_TMP_DIR", tempfile.gettempdir()))
    waiting = set(uploads.glob("*")) if uploads.exists() else set()
    try:
        with transaction.atomic(), connection.execute_wrapper(counter):
            bulk_seconds = bare_bulk_create(rows)
            client = Client(HTTP_HOST=settings.ALLOWED_HOSTS[0])
            client.force_login(regisseur)
            client.get(IMPORT_URL)  # warm-up: templates, imports
            upload = SimpleUploadedFile("arbeidsmarkt.csv", data, content_type="text/csv")
            preview, preview_seconds, preview_queries = timed_post(
                client, IMPORT_URL, {"import_file": upload, "format": CSV_FORMAT}, counter
            )
            html = preview.content.decode()
            confirm_data = hidden_inputs(html)
            if preview.status_code != 200 or "import_file_name" not in confirm_data:
                errors = re.findall(r"<li>([^<]+)</li>", html.split('class="errorlist', 1)[-1])
                sys.exit(
                    f"The preview offers no confirm form (status {preview.status_code}): "
                    f"{'; '.join(errors[:3]) or 'no error shown'}"
                )
            confirm, confirm_seconds, confirm_queries = timed_post(
                client, CONFIRM_URL, confirm_data, counter
            )
            if confirm.status_code != 302 or confirm["Location"] == IMPORT_URL:
                said = [str(m) for m in getattr(confirm.wsgi_request, "_messages", [])]
                sys.exit(f"The confirm step failed (status {confirm.status_code}): {said}")
            imported = counts()
            raise Rollback
    except Rollback:
        pass
    left = (set(uploads.glob("*")) if uploads.exists() else set()) - waiting
    after = counts()

    total = preview_seconds + confirm_seconds
    per_row = (preview_queries + confirm_queries) / len(rows)
    print(f"bare bulk_create:  {bulk_seconds:8.2f} s")
    print(
        f"preview:           {preview_seconds:8.2f} s  {preview_queries:6,} queries "
        f"({preview_queries / len(rows):.2f} per row), page {len(preview.content) / 1024:,.0f} KB"
    )
    print(
        f"confirm:           {confirm_seconds:8.2f} s  {confirm_queries:6,} queries "
        f"({confirm_queries / len(rows):.2f} per row)"
    )
    print(f"preview + confirm: {total:8.2f} s  {per_row:.2f} queries per row (target < 10 s)")
    print(f"ratio to bare bulk_create: {total / bulk_seconds:.1f}")
    print(
        f"created: {imported[0] - found[0]:,} figures, {imported[1] - found[1]:,} history rows, "
        f"{imported[2] - found[2]:,} admin log entries"
    )
    print(f"database left as found: {'yes' if after == found else f'NO: {after} != {found}'}")
    print(f"uploaded files left behind: {', '.join(str(p) for p in sorted(left)) or 'none'}")


if __name__ == "__main__":
    main()
