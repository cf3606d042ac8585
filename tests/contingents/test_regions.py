"""Contingents per region: every page shows the reader's own region unless they choose another,
so that a province's thousands of organisations do not drown a region's tables."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from actors.models import Body, Municipality, Organisation, Region
from contingents.models import Allocation, Measure
from meetings.models import Meeting
from reports.queries.overview import contingent_summary
from tests.conftest import seat

DASHBOARD = reverse("contingents:dashboard")
HOME = "ILV regie sociale economie Rivierenland"


@pytest.fixture
def kempen(demo_data):
    """A second region with a municipality, a body, and an organisation that holds LDE there
    from the latest LDE date of the demo on (so it would show on Rivierenland's tables if the
    region were ignored)."""
    geel = Municipality.objects.create(name="Geel", nis_code="13008")
    region = Region.objects.create(name="Kempen")
    region.municipalities.add(geel)
    Body.objects.create(name="Stuurgroep Kempen", kind="steering_group", region=region)
    elsewhere = Organisation.objects.create(
        name="Kempens Werkhuis", kind="social_economy", headquarters_municipality=geel
    )
    lde = Measure.objects.get(code="lde")
    Allocation.objects.create(
        organisation=elsewhere, measure=lde, valid_from=datetime.date(2021, 10, 1), fte=7
    )
    return region


def test_organisations_of_a_region(kempen):
    home = Region.objects.home()
    in_home = set(Organisation.objects.in_region(home).values_list("name", flat=True))
    in_kempen = set(Organisation.objects.in_region(kempen).values_list("name", flat=True))
    assert in_kempen == {"Kempens Werkhuis"}
    assert "Kempens Werkhuis" not in in_home
    # Active in Lier (in the region) although its headquarters are in Antwerpen.
    assert "Werkmaat" in in_home
    # No municipality recorded at all: counted in the home region only.
    assert "Natuurwerk" in in_home
    # Every organisation with an allocation in the seed belongs to the home region.
    held = Organisation.objects.filter(allocations__isnull=False).exclude(name="Kempens Werkhuis")
    assert set(held.values_list("name", flat=True)) <= in_home


def test_the_page_shows_the_readers_own_region_by_default(
    stuurgroep_client, steering_member, kempen
):
    html = stuurgroep_client.get(DASHBOARD).content.decode()
    assert f'<option value="{Region.objects.home().pk}" selected>{HOME}</option>' in html
    assert "Kempens Werkhuis" not in html
    # The seed's LDE total of Rivierenland on 01/10/2021 (Tabel 3), untouched by the other region.
    assert ">370,55<" in html

    everywhere = stuurgroep_client.get(DASHBOARD, {"regio": ""}).content.decode()
    assert "Kempens Werkhuis" in everywhere
    assert ">377,55<" in everywhere  # 370,55 + 7 on 01/10/2021

    only_kempen = stuurgroep_client.get(DASHBOARD, {"regio": kempen.pk}).content.decode()
    assert "Kempens Werkhuis" in only_kempen
    assert "Werkmaat" not in only_kempen
    assert "Ook organisaties waarvan geen gemeente gekend is" not in only_kempen


def test_a_member_of_another_regions_body_sees_that_region(client, stuurgroep, kempen):
    seat(stuurgroep, "Stuurgroep Kempen", start=datetime.date(2021, 1, 1))
    client.force_login(stuurgroep)
    html = client.get(DASHBOARD).content.decode()
    assert f'<option value="{kempen.pk}" selected>Kempen</option>' in html
    assert "Kempens Werkhuis" in html
    assert "Werkmaat" not in html
    rows = client.get(reverse("contingents:table_csv", args=["lde"])).content.decode("utf-8-sig")
    assert "Regio: Kempen" in rows.splitlines()[0]
    assert "Kempens Werkhuis" in rows


def test_an_unknown_region_is_reported_and_the_page_still_answers(stuurgroep_client, demo_data):
    response = stuurgroep_client.get(DASHBOARD, {"regio": "999999"})
    assert response.status_code == 200
    assert "Kempens Werkhuis" not in response.content.decode()


def test_the_overview_and_the_report_count_the_home_region_only(
    beheerscomite_client, committee_member, kempen
):
    summary = {
        row.measure.code: row
        for row in contingent_summary(datetime.date(2021, 12, 31), Region.objects.home())
    }
    assert summary["lde"].allocated == Decimal("370.55")
    assert summary["lde"].date == datetime.date(2021, 10, 1)

    html = beheerscomite_client.get(reverse("reports:report", args=[2021])).content.decode()
    assert "Kempens Werkhuis" not in html


def test_the_reports_calendar_is_the_home_regions(beheerscomite_client, committee_member, kempen):
    kempen_body = Body.objects.get(name="Stuurgroep Kempen")
    Meeting.objects.create(
        body=kempen_body, title="Kempense stuurgroep", date=datetime.date(2022, 3, 3)
    )
    home_body = Body.objects.get(name="Stuurgroep ILV")
    Meeting.objects.create(body=home_body, title="Extra stuurgroep", date=datetime.date(2022, 3, 4))
    html = beheerscomite_client.get(reverse("reports:report", args=[2021])).content.decode()
    annex = html[html.index("Annex 3. Jaarkalender 2022") :]
    assert "Extra stuurgroep" in annex
    assert "Kempense stuurgroep" not in annex


def test_the_municipalities_to_choose_are_the_chosen_regions(stuurgroep_client, kempen):
    html = stuurgroep_client.get(DASHBOARD).content.decode()
    assert ">Lier</option>" in html and ">Geel</option>" not in html
    everywhere = stuurgroep_client.get(DASHBOARD, {"regio": ""}).content.decode()
    assert ">Lier</option>" in everywhere and ">Geel</option>" in everywhere
    # A municipality outside the chosen region is reported, not silently ignored.
    outside = stuurgroep_client.get(DASHBOARD, {"gemeente": "13008"}).content.decode()
    assert "Selecteer een geldige keuze" in outside


def test_meeting_minimums_are_the_home_regions_on_the_overview(kempen):
    from reports.queries.overview import meeting_warnings

    Body.objects.filter(name="Stuurgroep Kempen").update(min_meetings_per_year=4)
    home = [w.text for w in meeting_warnings(2021, Region.objects.home())]
    everywhere = [w.text for w in meeting_warnings(2021)]
    assert any("Stuurgroep Kempen" in text for text in everywhere)
    assert not any("Stuurgroep Kempen" in text for text in home)
