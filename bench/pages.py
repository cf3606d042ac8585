"""Every page of the site: SQL queries, median and p95 time, size, and the ratio to a minimal view.

    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/ilv_bench
    .venv/bin/python bench/pages.py --gunicorn [--runs 20] [--json out.json] [--compare demo.json]
    .venv/bin/python bench/pages.py --queries "admin registrations"

Works on the configured database: the demo (``make demo``) or Flanders scale
(``bench/make_data.py``). The site is served with its own URLconf plus one bench-only minimal view
(``bench/urls.py`` through ``bench/site.py``, never in the app). Each page is requested as the
role that reads it (``force_login`` as the demo logins: stuurgroep for the dashboards,
beheerscomite for the reports, regisseur for the admin, nobody for the public pages); the
minimal view is measured as each role, and a page's ratio is to the minimal view of its role.

- Queries, status and size: in-process with Django's test ``Client`` (CaptureQueriesContext), on
  one request per page after a warm-up, outside the timings.
- Times: with ``--gunicorn``, over HTTP from a gunicorn of our own (``bench.wsgi``, 2 workers,
  started and stopped by this script, the login's session cookie sent along), as production
  serves the site; without it, in-process with the test Client (no socket, no WSGI server: a
  millisecond or two less per request). Each round requests every page once, in the same order,
  after warm-up rounds (each gunicorn worker warmed); median and p95 over ``--runs`` rounds.

DEBUG is off unless the environment says otherwise (templates cached, no query log), with a bench
SECRET_KEY and plain static file storage (no collectstatic needed). Timings are printed, never
asserted. ``--json`` keeps the results; ``--compare`` prints them beside an earlier run (the demo
beside Flanders scale). ``--queries LABEL`` lists the queries of the matching pages instead,
grouped by their SQL with the values left out, with their time.
"""

import argparse
import contextlib
import http.client
import json
import math
import re
import socket
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

if __name__ == "__main__":
    # Run as a script: Django with the bench overrides. Imported (tests/test_page_queries.py),
    # the importer's settings stand and it serves bench.urls itself.
    from bench.site import configure

    configure()

from django.conf import settings  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from actors.models import Body, Organisation  # noqa: E402
from contingents.models import Allocation, Measure  # noqa: E402
from events.models import Event  # noqa: E402
from meetings.models import Meeting  # noqa: E402
from reports.models import AnnualReport  # noqa: E402

MINIMAL = "/bench/minimaal/"
ROLES = ("anoniem", "stuurgroep", "beheerscomite", "regisseur")


@dataclass
class Result:
    label: str
    role: str
    url: str
    status: int = 0
    queries: int = 0
    kb: float = 0.0
    times: list = None
    median_ms: float = 0.0
    p95_ms: float = 0.0
    ratio: float = 0.0


def pages() -> list[tuple[str, str, str]]:
    """(label, role, url) for every page, chosen from the data at hand (the busiest event, the
    organisation with the most allocations, the stuurgroep's latest held meeting…)."""
    home = "/gemeenten/12025/"  # Mechelen, in the demo and at every scale
    measure = Measure.objects.filter(counts_fte=True).order_by("position").first()
    organisation_id = (
        Allocation.objects.values("organisation")
        .annotate(n=Count("pk"))
        .order_by("-n", "organisation")
        .values_list("organisation", flat=True)
        .first()
    )
    stuurgroep = Body.objects.get(name="Stuurgroep ILV")
    meeting = (
        Meeting.objects.filter(body=stuurgroep, minutes__gt="")
        .annotate(n=Count("decisions"))
        .order_by("-date", "-pk")
        .first()
    )
    busiest = Event.objects.annotate(n=Count("registrations")).order_by("-n", "-date").first()
    catalogued = Organisation.objects.filter(in_catalogue=True).order_by("name").first()
    year = AnnualReport.objects.order_by("-year").values_list("year", flat=True).first()
    return [
        ("minimal view (bench)", "stuurgroep", MINIMAL),
        ("overview /", "stuurgroep", "/"),
        ("contingents, default", "stuurgroep", "/contingenten/"),
        ("contingents, ?datum=01/01/2022", "stuurgroep", "/contingenten/?datum=01/01/2022"),
        (
            "contingents, ?maatregel&gemeente",
            "stuurgroep",
            f"/contingenten/?maatregel={measure.code}&gemeente=12025",
        ),
        ("contingents CSV (one measure)", "stuurgroep", f"/contingenten/{measure.code}.csv"),
        ("contingents comparison CSV", "stuurgroep", "/contingenten/vergelijking.csv"),
        (
            "contingents: organisation",
            "stuurgroep",
            f"/contingenten/organisaties/{organisation_id}/",
        ),
        ("municipalities", "stuurgroep", "/gemeenten/"),
        ("municipalities CSV", "stuurgroep", "/gemeenten/gemeenten.csv"),
        ("municipality Mechelen", "stuurgroep", home),
        ("calendar", "stuurgroep", "/vergaderingen/"),
        ("calendar CSV", "stuurgroep", "/vergaderingen/kalender.csv"),
        ("meeting (stuurgroep, latest held)", "stuurgroep", f"/vergaderingen/{meeting.pk}/"),
        ("decisions", "stuurgroep", "/vergaderingen/beslissingen/"),
        ("decisions CSV", "stuurgroep", "/vergaderingen/beslissingen.csv"),
        ("iCal feed, all", "anoniem", "/vergaderingen/kalender.ics"),
        (
            "iCal feed, stuurgroep",
            "anoniem",
            f"/vergaderingen/kalender/orgaan-{stuurgroep.pk}.ics",
        ),
        ("events", "anoniem", "/evenementen/"),
        ("event, busiest", "anoniem", busiest.get_absolute_url()),
        (
            "event registration form, busiest",
            "anoniem",
            f"{busiest.get_absolute_url()}inschrijven/",
        ),
        ("reports", "beheerscomite", "/rapporten/"),
        (f"report {year} (page)", "beheerscomite", f"/rapporten/{year}/"),
        ("catalogue list", "anoniem", "/organisaties/"),
        ("catalogue CSV", "anoniem", "/organisaties/lijst.csv"),
        ("catalogue organisation", "anoniem", f"/organisaties/{catalogued.pk}/"),
        ("admin index", "regisseur", "/admin/"),
        ("admin labour-market figures", "regisseur", "/admin/actors/labourmarketfigure/"),
        (
            "admin labour-market, q=Mechelen",
            "regisseur",
            "/admin/actors/labourmarketfigure/?q=Mechelen",
        ),
        ("admin allocations", "regisseur", "/admin/contingents/allocation/"),
        ("admin allocations, q=werkhuis", "regisseur", "/admin/contingents/allocation/?q=werkhuis"),
        ("admin organisations", "regisseur", "/admin/actors/organisation/"),
        ("admin registrations", "regisseur", "/admin/events/registration/"),
        (
            "admin registrations, q=deelnemer",
            "regisseur",
            "/admin/events/registration/?q=deelnemer",
        ),
        ("admin workshop choices", "regisseur", "/admin/events/sessionchoice/"),
        ("admin events", "regisseur", "/admin/events/event/"),
        ("admin meetings", "regisseur", "/admin/meetings/meeting/"),
        ("admin decisions", "regisseur", "/admin/meetings/decision/"),
    ]


def clients() -> dict[str, Client]:
    host = settings.ALLOWED_HOSTS[0]
    users = get_user_model().objects
    found = {}
    for role in ROLES:
        client = Client(HTTP_HOST=host)
        if role != "anoniem":
            user = users.filter(username=role).first()
            if user is None:
                sys.exit(f"No login {role!r}: load the demo first (make demo, or make_data.py).")
            client.force_login(user)
        found[role] = client
    return found


def fetch(client: Client, url: str):
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response.status_code, body


class Server:
    """GET over HTTP from a running gunicorn, with the session cookie of the role's client (the
    sessions live in the database both processes share)."""

    def __init__(self, address: str):
        self.host, _colon, port = address.removeprefix("http://").rstrip("/").partition(":")
        self.port = int(port or 80)

    def fetch(self, client: Client, url: str):
        connection_ = http.client.HTTPConnection(self.host, self.port, timeout=120)
        cookie = client.cookies.get(settings.SESSION_COOKIE_NAME)
        headers = {"Host": settings.ALLOWED_HOSTS[0]}
        if cookie:
            headers["Cookie"] = f"{cookie.key}={cookie.value}"
        connection_.request("GET", url, headers=headers)
        response = connection_.getresponse()
        body = response.read()
        connection_.close()
        return response.status, body


@contextlib.contextmanager
def gunicorn(workers: int, port: int):
    """A gunicorn of our own serving bench.wsgi for the length of the measurement."""
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "bench.wsgi",
        "--workers",
        str(workers),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "120",
    ]
    root = Path(__file__).resolve().parent.parent
    process = subprocess.Popen(command, cwd=root, stderr=subprocess.DEVNULL)  # noqa: S603
    try:
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def measure(runs: int, server: Server | None = None) -> list[Result]:
    """Status, size and queries in-process; the timings in-process or from ``server``."""
    by_role = clients()
    timed_fetch = server.fetch if server else fetch
    results = [Result(label, role, url, times=[]) for label, role, url in pages()]
    minimals = {role: Result("minimal", role, MINIMAL, times=[]) for role in ROLES}
    everything = [*results, *minimals.values()]
    for result in everything:  # warm-up, status, size and queries, outside the timings
        client = by_role[result.role]
        fetch(client, result.url)
        with CaptureQueriesContext(connection) as queries:
            result.status, body = fetch(client, result.url)
        result.queries, result.kb = len(queries), len(body) / 1024
    for _round in range(2 if server else 0):  # warm up each gunicorn worker too
        for result in everything:
            timed_fetch(by_role[result.role], result.url)
    for _round in range(runs):
        for result in everything:
            client = by_role[result.role]
            start = time.perf_counter()
            timed_fetch(client, result.url)
            result.times.append((time.perf_counter() - start) * 1000)
    for result in everything:
        result.median_ms = statistics.median(result.times)
        result.p95_ms = percentile(result.times, 0.95)
    for result in results:
        result.ratio = result.median_ms / minimals[result.role].median_ms
    return results, list(minimals.values())


def show_queries(pattern: str) -> None:
    """The queries of every page whose label holds ``pattern``: grouped by their SQL with the
    values left out, most frequent first, with their time (to find the causes, not to time)."""
    by_role = clients()
    for label, role, url in pages():
        if pattern.lower() not in label.lower():
            continue
        fetch(by_role[role], url)
        with CaptureQueriesContext(connection) as queries:
            fetch(by_role[role], url)
        groups = {}
        for query in queries:
            shape = re.sub(r"'[^']*'|\b\d+\b", "?", query["sql"])
            count, seconds = groups.get(shape, (0, 0.0))
            groups[shape] = (count + 1, seconds + float(query["time"]))
        print(f"\n{label} ({url}): {len(queries)} queries")
        for shape, (count, seconds) in sorted(groups.items(), key=lambda g: -g[1][1]):
            print(f"  {count:4d}× {seconds * 1000:8.1f} ms  {shape[:300]}")


def table(results: list[Result], earlier: dict | None) -> str:
    head = "| page | role | status | queries | KB | median ms | p95 ms | × minimal |"
    rule = "| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |"
    if earlier:
        head += " demo queries | demo median ms | demo × minimal |"
        rule += " ---: | ---: | ---: |"
    lines = [head, rule]
    for r in results:
        line = (
            f"| {r.label} | {r.role} | {r.status} | {r.queries} | {r.kb:,.0f} | "
            f"{r.median_ms:,.1f} | {r.p95_ms:,.1f} | {r.ratio:,.1f} |"
        )
        if earlier:
            e = earlier.get(r.label)
            line += (
                f" {e['queries']} | {e['median_ms']:,.1f} | {e['ratio']:,.1f} |"
                if e
                else " – | – | – |"
            )
        lines.append(line)
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed requests per page")
    parser.add_argument("--json", help="write the results to this file")
    parser.add_argument("--compare", help="an earlier --json file to print beside (the demo)")
    parser.add_argument(
        "--gunicorn",
        action="store_true",
        help="time the requests against a gunicorn (bench.wsgi) started for the run",
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8016, help="gunicorn port")
    parser.add_argument(
        "--queries",
        metavar="LABEL",
        help="only list the queries of the pages whose label holds this",
    )
    args = parser.parse_args()
    if args.queries:
        show_queries(args.queries)
        return

    earlier = None
    if args.compare:
        earlier = {r["label"]: r for r in json.loads(Path(args.compare).read_text())["pages"]}
    start = time.perf_counter()
    if args.gunicorn:
        with gunicorn(args.workers, args.port) as address:
            results, minimals = measure(args.runs, Server(address))
        how = f"gunicorn {args.workers} workers"
    else:
        results, minimals = measure(args.runs)
        how = "in-process test Client"
    database = f"{connection.vendor} {connection.settings_dict['NAME']}"
    print(
        f"{len(results)} pages, {args.runs} timed runs each, {how}, {database}, "
        f"DEBUG={settings.DEBUG}, {time.perf_counter() - start:.0f} s"
    )
    print("minimal view (median ms): " + ", ".join(f"{m.role} {m.median_ms:.2f}" for m in minimals))
    print(table(results, earlier))
    if args.json:
        Path(args.json).write_text(
            json.dumps(
                {
                    "database": database,
                    "runs": args.runs,
                    "how": how,
                    "minimal": {m.role: m.median_ms for m in minimals},
                    "pages": [{**asdict(r), "times": None} for r in results],
                },
                indent=1,
            )
        )


if __name__ == "__main__":
    main()
