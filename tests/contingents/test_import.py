"""Importing DWSE contingent tables in the admin."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from contingents.models import Allocation, Occupancy
from tests.actors.test_import import confirm, csv_file, preview, xlsx_file

pytestmark = pytest.mark.django_db

IMPORT = reverse("admin:contingents_allocation_import")
HEADER = "organisatie;maatregel;vanaf;vte;niet_volledig_in_regio\n"


def test_a_dwse_table_imports_as_written_with_other_names_and_in_uitdoof(
    regisseur_client, demo_data
):
    before = Allocation.objects.count()
    rows = [
        ["organisatie", "maatregel", "vanaf", "vte", "niet_volledig_in_regio"],
        ["Ecoso vzw", "LDE", "01/04/2022", "21,50", "ja"],
        ["WEBO", "Collectief maatwerk", datetime.datetime(2022, 4, 1), 119.0, "nee"],
        ["Milieu en Werk", "lde", "2022-04-01", "(in uitdoof)", ""],
    ]
    response = preview(regisseur_client, IMPORT, xlsx_file(rows), fmt=1)
    result = response.context["result"]
    assert not result.has_validation_errors(), [r.error_dict for r in result.invalid_rows]
    confirm(regisseur_client, IMPORT, response)
    assert Allocation.objects.count() == before + 3
    ecoso = Allocation.objects.get(
        organisation__name="Ecoso", measure__code="lde", valid_from="2022-04-01"
    )
    assert ecoso.fte == Decimal("21.50") and ecoso.deployed_outside_region
    assert ecoso.history.first().history_user.username == "regisseur"
    milieu = Allocation.objects.get(organisation__name="Milieu en Werk", valid_from="2022-04-01")
    assert milieu.phasing_out and milieu.fte is None
    # The older allocations are still there: history is never overwritten.
    assert Allocation.objects.get(
        organisation__name="Ecoso", measure__code="lde", valid_from="2021-10-01"
    ).fte == Decimal("19.50")


@pytest.mark.parametrize(
    "row, column, message",
    [
        ("Ecoso;LDE;01/04/2022;-2;nee", "", "niet negatief"),
        ("Ecoso;Wijk-werken;01/04/2022;2;nee", "maatregel", "Onbekende maatregel: “Wijk-werken”"),
        ("Ecosoo;LDE;01/04/2022;2;nee", "organisatie", "Onbekende organisatie: “Ecosoo”"),
        ("Ecoso;LDE;31/04/2022;2;nee", "vanaf", "“31/04/2022” is geen datum"),
        ("Ecoso;LDE;01/10/2021;25;ja", "", "al een toekenning vanaf 01/10/2021 (19,50 VTE)"),
        ("Ecoso;AMA welzijn;01/04/2022;3;nee", "vte", "telt geen VTE"),
    ],
)
def test_bad_rows_import_nothing_and_say_why_in_dutch(
    regisseur_client, demo_data, row, column, message
):
    before = Allocation.objects.count()
    text = HEADER + "Mivas;LDE;01/04/2022;3;nee\n" + row + "\n"
    response = preview(regisseur_client, IMPORT, csv_file(text))
    invalid = response.context["result"].invalid_rows
    assert [r.number + 1 for r in invalid] == [3]
    errors = invalid[0].error_dict
    found = " ".join(errors[column]) if column else " ".join(" ".join(e) for e in errors.values())
    assert message in found, errors
    assert Allocation.objects.count() == before


def test_repeating_an_existing_allocation_unchanged_is_skipped(regisseur_client, demo_data):
    text = HEADER + "Ecoso;LDE;01/10/2021;19,50;ja\n"
    result = preview(regisseur_client, IMPORT, csv_file(text)).context["result"]
    assert [r.import_type for r in result.valid_rows()] == ["skip"]


def test_the_same_allocation_twice_in_a_file_is_refused(regisseur_client, demo_data):
    text = HEADER + "Ecoso;LDE;01/04/2022;20;nee\nEcoso vzw;LDE;01/04/2022;21;nee\n"
    invalid = preview(regisseur_client, IMPORT, csv_file(text)).context["result"].invalid_rows
    assert "hetzelfde als rij 2" in " ".join(invalid[0].error_dict["__all__"])


def test_occupancy_import(regisseur_client, demo_data):
    url = reverse("admin:contingents_occupancy_import")
    text = (
        "organisatie;maatregel;kwartaal;bezette_vte\nMivas;Collectief maatwerk;01/07/2021;465,5\n"
    )
    confirm(regisseur_client, url, preview(regisseur_client, url, csv_file(text)))
    occupancy = Occupancy.objects.get()
    assert occupancy.fte_filled == Decimal("465.50") and occupancy.quarter_label == "K3 2021"
    bad = "organisatie;maatregel;kwartaal;bezette_vte\nMivas;Collectief maatwerk;15/07/2021;1\n"
    invalid = preview(regisseur_client, url, csv_file(bad)).context["result"].invalid_rows
    assert "eerste dag van een kwartaal" in " ".join(invalid[0].error_dict["kwartaal"])
