"""Every page of bench/pages.py answers and runs a pinned number of queries, the same with the
demo and with more data (issue 16: "Tests pin the query counts; no test asserts a time").

The pages, their roles and logins are bench/pages.py's own, so the pins below are the counts
that ``bench/pages.py`` prints on such data. A page that gains or loses a query must have its pin
changed here, on purpose; a page whose count grows with the data fails whatever its pin. A page
that keeps what it renders in the cache is also counted with the cache emptied, so that its
rendering is held to the same rule. ``bench/pages.py --queries LABEL`` lists a page's queries.
"""

import datetime
import io

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench import make_data
from bench.pages import clients, fetch, pages
from events.models import Event, Registration
from events.services import registration_create
from reports.management.commands.load_demo import DEMO_EVENT_SLUG

# The same rows every day, as in tests/test_bench.py.
END = datetime.date(2024, 12, 1)

# label of bench.pages.pages() → queries of one request after a warm-up (the cache filled), at
# both scales. The logged-in pages start with the session and the user (2 queries, the minimal
# view's).
PINNED = {
    "minimal view (bench)": 2,
    "overview /": 11,
    "contingents, default": 23,
    "contingents, ?datum=01/01/2022": 18,
    "contingents, ?maatregel&gemeente": 20,
    "contingents CSV (one measure)": 11,
    "contingents comparison CSV": 7,
    "contingents: organisation": 10,
    "municipalities": 14,
    "municipalities CSV": 11,
    "municipality Mechelen": 21,
    "calendar": 11,
    "calendar CSV": 6,
    "meeting (stuurgroep, latest held)": 12,
    "decisions": 8,
    "decisions CSV": 5,
    "iCal feed, all": 1,
    "iCal feed, stuurgroep": 2,
    "events": 2,
    "event, busiest": 5,
    "event registration form, busiest": 9,
    "reports": 7,
    "report 2021 (page)": 8,
    "catalogue list": 12,
    "catalogue CSV": 1,
    "catalogue organisation": 8,
    "admin index": 5,
    "admin labour-market figures": 8,
    "admin labour-market, q=Mechelen": 10,
    "admin allocations": 9,
    "admin allocations, q=werkhuis": 9,
    "admin organisations": 9,
    "admin registrations": 12,
    "admin registrations, q=deelnemer": 12,
    "admin workshop choices": 7,
    "admin events": 9,
    "admin meetings": 10,
    "admin decisions": 8,
}

# The pages that keep what they render in the cache: their queries with the cache emptied. Every
# other page runs its pinned count with or without the cache.
PINNED_EMPTY_CACHE = {
    "overview /": 33,
    "iCal feed, all": 2,
    "iCal feed, stuurgroep": 3,
    "report 2021 (page)": 46,
    "catalogue CSV": 8,
}

# Pages requested at the larger scale for the object chosen from the demo, not chosen again.
# The demo's busiest event is load_demo's exercise event: open for registration four weeks ahead,
# with a maximum for the whole event (its page counts the seats taken). The larger data's busiest
# is a generated one: no maximum (make_data leaves it out) and, like every generated event before
# END, closed, so its form page only says so (4 and 2 queries against 5 and 9). That is another
# page, not the same page with more data.
CHOSEN_FROM_THE_DEMO = {"event, busiest", "event registration form, busiest"}


def register_one_participant() -> Registration:
    """The demo holds no registration, and an empty admin list runs no prefetch of its rows:
    one registration makes the demo's registration lists the pages they are at every scale."""
    event = Event.objects.get(slug=DEMO_EVENT_SLUG)
    first_of_each_round = {}
    for session in event.sessions.order_by("round__number", "number"):
        first_of_each_round.setdefault(session.round_id, session)
    return registration_create(
        event=event,
        name="Deelnemer Pins",
        email="deelnemer.pins@example.be",
        organisation_name="Gemeente Bornem",
        organisation_type=Registration.OrganisationType.LOCAL_AUTHORITY,
        sessions=list(first_of_each_round.values()),
    )


def measure(by_role, page_list) -> dict[str, tuple[int, int, int]]:
    """label → (status, queries with the cache emptied, queries) of a page's requests after a
    warm-up request (which fills what a process keeps, such as the content types): one after
    emptying the cache, which pays for what a page keeps there, and one more, which reads it."""
    found = {}
    for label, role, url in page_list:
        client = by_role[role]
        fetch(client, url)
        cache.clear()
        with CaptureQueriesContext(connection) as empty:
            fetch(client, url)
        with CaptureQueriesContext(connection) as queries:
            status, _body = fetch(client, url)
        found[label] = (status, len(empty), len(queries))
    return found


@pytest.mark.urls("bench.urls")
def test_every_page_runs_its_pinned_queries_with_the_demo_and_with_more_data(db):
    # load_demo rather than the demo_data fixture: the bench databases are made with it, and
    # pages() needs what it adds to the fixtures (the demo logins, whose rights come from their
    # seats; the stuurgroep's held meeting with minutes; the exercise event).
    call_command("load_demo", force=True, stdout=io.StringIO())
    register_one_participant()
    by_role = clients()
    demo_pages = pages()
    demo = measure(by_role, demo_pages)

    make_data.generate(scale=0.01, seed=16, end=END, out=io.StringIO())
    demo_urls = {label: url for label, _role, url in demo_pages}
    larger_pages = [
        (label, role, demo_urls[label] if label in CHOSEN_FROM_THE_DEMO else url)
        for label, role, url in pages()
    ]
    larger = measure(by_role, larger_pages)

    not_ok = [
        f"{label} ({scale}): {result[label][0]}"
        for scale, result in (("demo", demo), ("larger", larger))
        for label in result
        if result[label][0] != 200
    ]
    assert not not_ok, "pages not answering 200:\n" + "\n".join(not_ok)
    assert list(demo) == list(larger), "the page list differs between the scales"
    differing = []
    for label in demo:
        _status, demo_emptied, demo_count = demo[label]
        _status, larger_emptied, larger_count = larger[label]
        pinned = PINNED.get(label)
        if not pinned == demo_count == larger_count:
            differing.append((label, pinned, demo_count, larger_count))
        # A page whose count depends on the cache needs a pin for its empty cache.
        depends_on_cache = (demo_emptied, larger_emptied) != (demo_count, larger_count)
        if label in PINNED_EMPTY_CACHE or depends_on_cache:
            pinned = PINNED_EMPTY_CACHE.get(label)
            if not pinned == demo_emptied == larger_emptied:
                differing.append((f"{label}, cache emptied", pinned, demo_emptied, larger_emptied))
    differing += [(label, pin, None, None) for label, pin in PINNED.items() if label not in demo]
    assert not differing, "query counts differ:\n" + "\n".join(
        f"  {label}: pinned {pin}, demo {at_demo}, larger {at_larger}"
        for label, pin, at_demo, at_larger in differing
    )
