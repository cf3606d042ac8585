"""/gemeenten/: the municipalities with their figures, organisations, actions and people."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from actors.models import LabourMarketFigure, Membership, Municipality, Organisation, Person, Region
from contingents.models import Allocation, Measure

pytestmark = pytest.mark.django_db

LIST = reverse("municipalities:list")
CSV = reverse("municipalities:csv")


def detail(nis_code: str) -> str:
    return reverse("municipalities:detail", args=[nis_code])


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def queries_of(client, url, data=None) -> int:
    with CaptureQueriesContext(connection) as context:
        assert client.get(url, data or {}).status_code == 200
    return len(context.captured_queries)


def test_the_list_shows_every_municipality_with_its_figures(stuurgroep_client, demo_data):
    html = stuurgroep_client.get(LIST).content.decode()
    assert "10 gemeenten" in html
    assert "Werkzoekenden januari 2021" in html
    assert "3.508" in html  # Mechelen
    assert "Acties 2022" in html
    assert f'href="{detail("12021")}">Lier</a>' in html


def test_filters_narrow_the_list_and_the_csv_says_which(stuurgroep_client, demo_data):
    html = stuurgroep_client.get(LIST, {"zoek": "lier"}).content.decode()
    assert "1 gemeente" in html and ">Lier</a>" in html and ">Mechelen</a>" not in html
    by_code = stuurgroep_client.get(LIST, {"zoek": "12025"}).content.decode()
    assert ">Mechelen</a>" in by_code and ">Lier</a>" not in by_code
    rows = read_csv(stuurgroep_client.get(CSV, {"zoek": "lier", "maatregel": "lde"}))
    assert rows[0] == [
        "Filters",
        "Naam of NIS-code: lier",
        "Met een organisatie die de maatregel nu heeft: LDE",
    ]
    assert rows[2][:3] == ["Gemeente", "NIS-code", "Werkzoekenden 01/2021"]
    assert rows[3][:4] == ["Lier", "12021", "1327", ""]  # numbers a spreadsheet reads
    assert len(rows) == 4
    everything = read_csv(stuurgroep_client.get(CSV))
    assert everything[0] == ["Filters", "geen"] and len(everything) == 13


def test_the_measure_filter_keeps_municipalities_where_an_organisation_holds_it_now(
    stuurgroep_client, demo_data
):
    rows = read_csv(stuurgroep_client.get(CSV, {"maatregel": "lde"}))
    assert "Willebroek" not in {row[0] for row in rows[3:]}
    assert "Mechelen" in {row[0] for row in rows[3:]}
    # An LDE contingent taken away (0 FTE) no longer counts; one "in uitdoof" still does.
    willebroek = Municipality.objects.get(name="Willebroek")
    organisation = Organisation.objects.create(name="Vroeger LDE")
    organisation.active_in.add(willebroek)
    lde = Measure.objects.get(code="lde")
    for valid_from, fte in ((datetime.date(2021, 4, 1), 3), (datetime.date(2021, 10, 1), 0)):
        Allocation.objects.create(
            organisation=organisation, measure=lde, valid_from=valid_from, fte=Decimal(fte)
        )
    rows = read_csv(stuurgroep_client.get(CSV, {"maatregel": "lde"}))
    assert "Willebroek" not in {row[0] for row in rows[3:]}
    Allocation.objects.filter(organisation=organisation, fte=0).update(phasing_out=True, fte=None)
    rows = read_csv(stuurgroep_client.get(CSV, {"maatregel": "lde"}))
    assert "Willebroek" in {row[0] for row in rows[3:]}


def test_a_region_filter_and_an_empty_result_say_so(stuurgroep_client, demo_data):
    other = Region.objects.exclude(is_home=True).first()
    html = stuurgroep_client.get(LIST, {"regio": other.pk}).content.decode()
    assert "Geen gemeenten voor deze filters." in html
    invalid = stuurgroep_client.get(LIST, {"regio": "999999"}).content.decode()
    assert "Niet alle filters konden gebruikt worden" in invalid


def test_a_long_list_is_paginated_keeping_the_filters(stuurgroep_client, demo_data):
    for i in range(60):
        Municipality.objects.create(name=f"Testgemeente {i:02}", nis_code=f"{30000 + i}")
    first = stuurgroep_client.get(LIST, {"zoek": "testgemeente"}).content.decode()
    assert "60 gemeenten" in first and "Pagina 1 van 2" in first
    assert "?zoek=testgemeente&amp;pagina=2" in first
    second = stuurgroep_client.get(LIST, {"zoek": "testgemeente", "pagina": 2}).content.decode()
    assert "Testgemeente 59" in second and "Testgemeente 00" not in second


def test_the_list_costs_the_same_queries_with_300_municipalities(stuurgroep_client, demo_data):
    # session, user, permissions (2), latest month, the filter's regions and measures, count,
    # page, plan, home region, its members, the plan's actions and their municipalities
    before = queries_of(stuurgroep_client, LIST)
    assert before <= 14
    for i in range(300):
        municipality = Municipality.objects.create(name=f"Gemeente {i:03}", nis_code=f"{40000 + i}")
        LabourMarketFigure.objects.create(
            municipality=municipality,
            indicator="jobseekers",
            reference_month=datetime.date(2021, 1, 1),
            value=Decimal(i),
        )
        Organisation.objects.create(name=f"Organisatie {i}").active_in.add(municipality)
    assert queries_of(stuurgroep_client, LIST) == before
    assert queries_of(stuurgroep_client, LIST, {"pagina": 4}) == before


def test_a_municipality_shows_its_figures_organisations_actions_and_representatives(
    stuurgroep_client, demo_data
):
    html = stuurgroep_client.get(detail("12025")).content.decode()
    assert "<h1>Mechelen</h1>" in html
    assert "Enkel 01/2021 is gekend: 3.508." in html
    # Ecoso is active in Mechelen with 19,50 LDE FTE (Tabel 4).
    organisations = html[html.index('id="organisaties"') : html.index('id="acties"')]
    assert "Ecoso" in organisations and "19,50" in organisations
    actions = html[html.index('id="acties"') : html.index('id="vertegenwoordigers"')]
    assert "Jaaractieplan 2022" in actions and "Jaaractieplan 2021" in actions
    people = html[html.index('id="vertegenwoordigers"') :]
    assert "Gabriella De Francesco" in people and "Kristin Scharpé" in people


def test_a_representative_whose_seat_ended_is_no_longer_listed(stuurgroep_client, demo_data):
    Membership.objects.filter(person__name="Kristin Scharpé").update(
        end_date=datetime.date(2022, 1, 1)
    )
    html = stuurgroep_client.get(detail("12025")).content.decode()
    assert "Kristin Scharpé" not in html


def test_an_unknown_municipality_is_404(stuurgroep_client, demo_data):
    assert stuurgroep_client.get(detail("99999")).status_code == 404


def test_the_municipality_page_costs_the_same_queries_with_more_data(stuurgroep_client, demo_data):
    mechelen = Municipality.objects.get(name="Mechelen")
    before = queries_of(stuurgroep_client, detail("12025"))
    assert before <= 21  # with the latest date of each of the five measures
    measure = Measure.objects.get(code="collectief-maatwerk")
    for i in range(40):
        organisation = Organisation.objects.create(name=f"Bedrijf {i}")
        organisation.active_in.add(mechelen)
        Allocation.objects.create(
            organisation=organisation,
            measure=measure,
            valid_from=datetime.date(2021, 10, 1),
            fte=Decimal(3),
        )
        Person.objects.create(name=f"Persoon {i}", municipality=mechelen)
    for month in range(2, 13):
        LabourMarketFigure.objects.create(
            municipality=mechelen,
            indicator="jobseekers",
            reference_month=datetime.date(2021, month, 1),
            value=Decimal(3500),
        )
    assert queries_of(stuurgroep_client, detail("12025")) == before


def test_readers_only(client, django_user_model, demo_data):
    assert client.get(LIST).status_code == 302
    assert client.get(detail("12025")).status_code == 302
    client.force_login(django_user_model.objects.create_user("zonderrol"))
    assert client.get(LIST).status_code == 403
    assert client.get(CSV).status_code == 403
    assert client.get(detail("12025")).status_code == 403


def test_names_are_escaped(stuurgroep_client, demo_data):
    Municipality.objects.filter(nis_code="12025").update(name="<b>Mechelen</b>")
    html = stuurgroep_client.get(detail("12025")).content.decode()
    assert "<b>Mechelen</b>" not in html and "&lt;b&gt;Mechelen&lt;/b&gt;" in html


def test_the_csv_writes_numbers_a_spreadsheet_reads(stuurgroep_client, demo_data):
    lier = Municipality.objects.get(name="Lier")
    LabourMarketFigure.objects.create(
        municipality=lier,
        indicator="jobseekers",
        reference_month=datetime.date(2022, 1, 1),
        value=Decimal(1300),
    )
    rows = read_csv(stuurgroep_client.get(CSV, {"zoek": "lier"}))
    assert rows[2][2:4] == ["Werkzoekenden 01/2022", "Jaarverschil (%)"]
    assert rows[3][:4] == ["Lier", "12021", "1300", "-2,0"]  # no "'+" or "−" text
