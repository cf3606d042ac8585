"""The regisseur maintains the actors in the admin."""

import datetime

import pytest
from django.urls import reverse

from actors.models import Body, LabourMarketFigure, Membership, Municipality, Person, Region

pytestmark = pytest.mark.django_db


def test_labour_market_list_shows_values_the_belgian_way(regisseur_client, demo_data):
    html = regisseur_client.get(
        reverse("admin:actors_labourmarketfigure_changelist")
    ).content.decode()
    assert "9.788" in html and "6,6\u00a0%" in html and "01/2021" in html


def test_the_figures_are_searched_by_municipality_name_nis_code_or_region(
    regisseur_client, demo_data
):
    url = reverse("admin:actors_labourmarketfigure_changelist")

    def found(term):
        response = regisseur_client.get(url, {"q": term})
        return {str(figure.area) for figure in response.context["cl"].result_list}

    assert found("mechel") == {"Mechelen"}
    assert found("12021") == {"Lier"}
    assert found("Rivierenland") == {"ILV regie sociale economie Rivierenland"}
    assert found("bestaat niet") == set()


def test_the_figures_list_costs_the_same_queries_with_ten_years_of_figures(
    regisseur_client, demo_data, django_assert_max_num_queries
):
    url = reverse("admin:actors_labourmarketfigure_changelist")
    with django_assert_max_num_queries(20) as first:
        regisseur_client.get(url, {"q": "Mechelen"})
    mechelen = Municipality.objects.get(name="Mechelen")
    LabourMarketFigure.objects.bulk_create(
        LabourMarketFigure(
            municipality=mechelen,
            indicator=indicator,
            reference_month=datetime.date(2011 + i // 12, i % 12 + 1, 1),
            value=100 + i,
        )
        for i in range(120)
        for indicator in ("jobseekers", "low_skilled")
    )
    with django_assert_max_num_queries(len(first.captured_queries)):
        html = regisseur_client.get(url, {"q": "Mechelen"}).content.decode()
    assert "12/2020" in html  # newest first


def test_the_figures_are_filtered_by_year_and_month_and_hostile_values_are_ignored(
    regisseur_client, demo_data
):
    url = reverse("admin:actors_labourmarketfigure_changelist")
    mechelen = Municipality.objects.get(name="Mechelen")
    LabourMarketFigure.objects.create(
        municipality=mechelen,
        indicator="jobseekers",
        reference_month=datetime.date(2019, 3, 1),
        value=1,
    )

    def months(query):
        response = regisseur_client.get(url, query)
        assert response.status_code == 200
        return {figure.reference_month for figure in response.context["cl"].result_list}

    html = regisseur_client.get(url).content.decode()
    assert "?jaar=2019" in html and "?jaar=2021" in html  # from the first to the last year
    assert "maart" in html
    assert months({"jaar": "2019"}) == {datetime.date(2019, 3, 1)}
    assert months({"jaar": "2019", "maand": "3"}) == {datetime.date(2019, 3, 1)}
    assert months({"jaar": "2019", "maand": "4"}) == set()
    everything = months({})
    for hostile in ("²", "abc", "-1", "0", "99999", "2019.5"):
        assert months({"jaar": hostile}) == everything
        assert months({"maand": hostile}) == everything


def test_body_page_lists_its_members_inline(regisseur_client, demo_data):
    body = Body.objects.get(name="Beheerscomité ILV")
    html = regisseur_client.get(
        reverse("admin:actors_body_change", args=[body.pk])
    ).content.decode()
    assert "Luc Van Houtven" in html and "Voorzitter" in html
    assert "Mina Kouskas" in html


def test_lead_municipality_must_take_part_in_the_region(regisseur_client, demo_data):
    mechelen = Municipality.objects.get(name="Mechelen")
    lier = Municipality.objects.get(name="Lier")
    response = regisseur_client.post(
        reverse("admin:actors_region_add"),
        {"name": "Testregio", "lead_municipality": mechelen.pk, "municipalities": [lier.pk]},
    )
    assert response.status_code == 200
    assert "De beherende gemeente moet een deelnemende gemeente zijn" in response.content.decode()
    assert not Region.objects.filter(name="Testregio").exists()


def _inline_data(body, rows):
    data = {
        "name": body.name,
        "kind": body.kind,
        "region": body.region_id or "",
        "organiser": body.organiser,
        "min_meetings_per_year": body.min_meetings_per_year,
        "description": body.description,
        "memberships-TOTAL_FORMS": len(rows),
        "memberships-INITIAL_FORMS": 0,
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"memberships-{i}-{key}"] = value
    return data


def test_two_chairs_at_once_are_refused_also_when_added_together(regisseur_client, region_body):
    body, luc, an = region_body
    data = _inline_data(
        body,
        [
            {"person": luc.pk, "role": "chair", "start_date": "", "end_date": ""},
            {"person": an.pk, "role": "chair", "start_date": "01/01/2022", "end_date": ""},
        ],
    )
    response = regisseur_client.post(reverse("admin:actors_body_change", args=[body.pk]), data)
    assert response.status_code == 200
    assert "heeft in die periode al een voorzitter" in response.content.decode()
    assert not Membership.objects.exists()
    # What was typed stays in the form.
    assert 'value="01/01/2022"' in response.content.decode()


def test_membership_dates_are_entered_the_belgian_way(regisseur_client, region_body):
    body, luc, an = region_body
    data = _inline_data(
        body,
        [
            {
                "person": luc.pk,
                "role": "chair",
                "start_date": "06/10/2021",
                "end_date": "31/12/2022",
            },
            {"person": an.pk, "role": "vice_chair", "start_date": "", "end_date": ""},
        ],
    )
    response = regisseur_client.post(reverse("admin:actors_body_change", args=[body.pk]), data)
    assert response.status_code == 302, response.content.decode()
    chair = Membership.objects.get(role="chair")
    assert chair.start_date == datetime.date(2021, 10, 6)
    assert chair.end_date == datetime.date(2022, 12, 31)


def test_changes_are_kept_in_the_history_with_the_user(regisseur_client, demo_data):
    figure = LabourMarketFigure.objects.get(municipality__name="Lier")
    response = regisseur_client.post(
        reverse("admin:actors_labourmarketfigure_change", args=[figure.pk]),
        {
            "municipality": figure.municipality_id,
            "region": "",
            "indicator": figure.indicator,
            "reference_month": "01/01/2021",
            "value": "1328",
            "source": figure.source,
        },
    )
    assert response.status_code == 302, response.content.decode()
    latest = figure.history.first()
    assert latest.value == 1328 and latest.history_user.username == "regisseur"
    history = regisseur_client.get(
        reverse("admin:actors_labourmarketfigure_history", args=[figure.pk])
    ).content.decode()
    assert "regisseur" in history
    assert "Gewijzigd door" in history and "Changed by" not in history


def test_decimal_comma_is_accepted_in_the_admin(regisseur_client, demo_data):
    region = Region.objects.home()
    response = regisseur_client.post(
        reverse("admin:actors_labourmarketfigure_add"),
        {
            "municipality": "",
            "region": region.pk,
            "indicator": "jobseeker_rate",
            "reference_month": "01/01/2022",
            "value": "6,2",
            "source": "VDAB, Arvastat",
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert str(LabourMarketFigure.objects.get(reference_month="2022-01-01").value) == "6.20"


@pytest.fixture
def region_body(db):
    body = Body.objects.create(name="Beheerscomité ILV", kind=Body.Kind.MANAGEMENT_COMMITTEE)
    luc = Person.objects.create(name="Luc Van Houtven")
    an = Person.objects.create(name="An Coen")
    return body, luc, an
