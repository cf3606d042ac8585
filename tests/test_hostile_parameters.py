"""Every query parameter the site reads, with hostile values, on every page of bench/pages.py:
the page answers without the filter (or with a Dutch message), never with a server error
(issue 17: `/vergaderingen/?jaar=²` answered 500)."""

import io

import pytest
from django.core.management import call_command

from bench.pages import MINIMAL, clients, pages
from ilv.params import whole_number

# The names the site's views and filters read (grep "GET.get" and the FilterSets), and those of
# the admin's own filters that the site defines (jaar, maand, a workshop's event).
NAMES = [
    "jaar",
    "maand",
    "pagina",
    "pagina-lde",
    "regio",
    "gemeente",
    "maatregel",
    "datum",
    "soort",
    "orgaan",
    "status",
    "te_laat",
    "sector",
    "zoek",
    "q",
    "session__event__meeting_ptr__exact",
    "session__id__exact",
]
HOSTILE = [
    "²",
    "٣",
    "-1",
    "0",
    "99999999999999999999999",
    "1e3",
    "abc",
    "' OR 1=1 --",
    "<script>alert(1)</script>",
    "31/02/2021",
    "%00",
]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2021", 2021),
        ("²", None),
        ("٣", None),
        ("-1", None),
        ("", None),
        (None, None),
        ("1e3", None),
        ("12345678901", None),
        (" 7", None),
    ],
)
def test_whole_numbers_are_ascii_digits_only(value, expected):
    assert whole_number(value) == expected


@pytest.mark.urls("bench.urls")
def test_no_page_answers_a_server_error_to_hostile_parameters(db):
    call_command("load_demo", force=True, stdout=io.StringIO())
    by_role = clients()
    failures = []
    for label, role, url in pages():
        if url == MINIMAL:
            continue
        separator = "&" if "?" in url else "?"
        for value in HOSTILE:
            query = "&".join(f"{name}={value}" for name in NAMES)
            response = by_role[role].get(f"{url}{separator}{query}")
            if response.status_code >= 500:
                failures.append(f"{label} ({value!r}): {response.status_code}")
            elif response["Content-Type"].startswith("text/html") and (
                "<script>alert(1)</script>" in response.content.decode(errors="replace")
            ):
                failures.append(f"{label} ({value!r}): the value is shown unescaped")
    assert not failures, "\n".join(failures)
