"""The CSV helpers every list shares: the line naming the filters that produced a download."""

import csv
import io

import pytest

from actors.models import Municipality
from contingents.filters import ContingentFilter
from contingents.models import Measure
from ilv.exports import chosen_filters, csv_response

pytestmark = pytest.mark.django_db


def test_chosen_filters_names_each_filter_as_its_form_shows_it():
    Municipality.objects.create(name="Lier", nis_code="12021")
    Measure.objects.create(code="lde", name="Lokale diensteneconomie", short_name="LDE")
    Measure.objects.create(code="ama-wse", name="AMA sociale economie", short_name="AMA WSE")
    data = {
        "maatregel": ["lde", "ama-wse"],
        "gemeente": "12021",
        "soort": "social_economy",
        "datum": "",
    }
    assert chosen_filters(ContingentFilter(data)) == [
        ("Maatregel", "AMA WSE, LDE"),  # in the measures' order
        ("Actief in gemeente", "Lier"),
        ("Soort organisatie", "Sociale-economieonderneming"),
    ]


def test_an_invalid_or_unbound_filter_is_not_named():
    assert chosen_filters(ContingentFilter(None)) == []
    assert chosen_filters(ContingentFilter({"gemeente": "99999", "datum": "geen datum"})) == []


def test_a_csv_without_filters_keeps_its_header_on_the_first_line():
    response = csv_response("x.csv", ["Naam"], [["=1+1"]])
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Naam"], ["'=1+1"]]


def test_a_csv_with_filters_names_them_first_and_protects_them_from_formulas():
    response = csv_response("x.csv", ["Naam"], [], filters=[("Zoeken", "=1+1")])
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows == [["Filters", "Zoeken: =1+1"], [], ["Naam"]]
