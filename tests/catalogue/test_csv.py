"""The CSV of the (filtered) list: its first line names the filters that produced it; public
fields only, and no cell that a spreadsheet would run as a formula."""

import csv
import io

import pytest
from django.urls import reverse

from tests.catalogue.conftest import allocate, organisation

pytestmark = pytest.mark.django_db

CSV = reverse("catalogue:csv")


def read(response) -> list[list[str]]:
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_an_unfiltered_csv_says_it_has_no_filter_and_lists_everyone(client, ecoso, hidden):
    response = client.get(CSV)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = read(response)
    assert rows[0] == ["Filters", "geen"]
    assert rows[1] == []
    assert rows[2][:3] == ["Naam", "Andere namen", "Aanbod"]
    assert [row[0] for row in rows[3:]] == ["Ecoso"]


def test_the_csv_names_its_filters_as_the_form_shows_them(client, ecoso, circular):
    organisation("Mivas")
    rows = read(
        client.get(
            CSV, {"zoek": "eco", "sector": circular.pk, "gemeente": "12025", "maatregel": "lde"}
        )
    )
    assert rows[0] == [
        "Filters",
        "Naam of aanbod: eco",
        "Sector: Circulaire economie",
        "Actief in gemeente: Mechelen",
        "Erkend voor maatregel: Lokale diensteneconomie",
    ]
    assert [row[0] for row in rows[3:]] == ["Ecoso"]


def test_the_csv_holds_the_public_fields_and_nothing_else(client, ecoso):
    rows = read(client.get(CSV))
    header, ecoso_row = rows[2], rows[3]
    line = dict(zip(header, ecoso_row, strict=True))
    assert line["Sectoren"] == "Circulaire economie"
    assert line["Actief in"] == "Mechelen"
    assert line["Erkend voor"] == "Lokale diensteneconomie, Arbeidsmatige activiteiten welzijn"
    assert line["E-mail"] == "info@ecoso.example"
    assert line["Pagina"] == f"http://testserver/organisaties/{ecoso.pk}/"
    text = "\n".join(";".join(row) for row in rows)
    for secret in ["INTERN", "0123.456.749", "Griet Geheim", "griet.geheim"]:
        assert secret not in text


def test_no_cell_becomes_a_formula(client, db):
    organisation("=HYPERLINK(1)", offer="+32 kan dit")
    rows = read(client.get(CSV))
    assert rows[3][0] == "'=HYPERLINK(1)"
    assert rows[3][2] == "'+32 kan dit"


# The catalogue's fingerprint; the organisations, their sectors, municipalities and other names,
# the measures, the allocations in force and the occupancy.
CSV_QUERIES = 8


def test_the_csv_query_count_does_not_grow_with_the_data(
    client, mechelen, circular, lde, django_assert_max_num_queries
):
    def grow(start, count):
        for i in range(start, start + count):
            created = organisation(f"Groei {i:03}", sectors=[circular], active_in=[mechelen])
            allocate(created, lde, "2.00")

    grow(0, 5)
    with django_assert_max_num_queries(CSV_QUERIES):
        small = read(client.get(CSV))
    grow(5, 35)
    with django_assert_max_num_queries(CSV_QUERIES):
        large = read(client.get(CSV))
    assert len(small) == 3 + 5 and len(large) == 3 + 40
    # Nothing changed: the CSV as written, found by the fingerprint.
    with django_assert_max_num_queries(1):
        again = read(client.get(CSV))
    assert again == large


def test_only_the_whole_catalogue_is_kept_never_a_key_per_query(
    client, mechelen, circular, lde, django_assert_max_num_queries
):
    from django.core.cache import cache

    client.get(CSV)
    client.get(CSV, {"zoek": "Groei"})
    client.get(CSV, {"onbekend": "1"})  # an unknown parameter is the whole catalogue
    client.get(CSV, {"onbekend": "2"})
    keys = list(cache._cache.keys())  # the test suite's local-memory cache
    assert len([key for key in keys if "catalogue:csv" in key]) == 1
