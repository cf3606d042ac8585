"""/contingenten/: the tables of the report from data, filters, CSV, the organisation page."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from actors.models import Municipality, Organisation
from contingents.models import Allocation, Measure, Occupancy

pytestmark = pytest.mark.django_db

DASHBOARD = reverse("contingents:dashboard")


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_dashboard_shows_tabel_4_with_both_dates_exactly_as_the_report(
    stuurgroep_client, demo_data
):
    html = stuurgroep_client.get(DASHBOARD).content.decode()
    assert "VTE toegekend vanaf 01/04/2021" in html and "VTE toegekend vanaf 01/10/2021" in html
    for figure in [
        "10,50",
        "1,00",
        "1,50",
        "55,00",
        "13,50",
        "19,50",
        "6,00",
        "8,00",
        "9,00",
        "5,00",
        "33,00",
        "53,00",
        "62,00",
        "80,90",
        "94,00",
        "94,15",
    ]:
        assert f">{figure}<" in html, figure
    assert "(in uitdoof)" in html
    assert "Antwerpen/Mechelen" in html and "Brussel/Mechelen" in html
    assert "niet noodzakelijk volledig in onze regio ingezet" in html
    assert ">362,40<" in html and ">370,55<" in html  # totals, in uitdoof not counted


def test_dashboard_shows_tabel_5_6_and_7(stuurgroep_client, demo_data):
    html = stuurgroep_client.get(DASHBOARD).content.decode()
    for figure in [
        "141,50",
        "231,55",
        "490,00",
        "117,00",
        "85,80",
        "78,50",
        "103,00",
        "103,50",
        "116,50",
        "1.314,00",
        "234,00",
    ]:
        assert f">{figure}<" in html, figure
    for figure in ["20,00", "45,00", "24,00", "25,00", "31,00", "104,00", "10,00"]:
        assert f">{figure}<" in html, figure
    assert "Universitair Psychiatrisch Centrum Duffel" in html and "BWZ Klein-Brabant" in html
    assert "Ekeren" in html and "Anderlecht" in html and "Kessel-lo" in html


def test_dashboard_shows_tabel_3_with_computed_shares(stuurgroep_client, demo_data):
    html = stuurgroep_client.get(DASHBOARD).content.decode()
    for text in [
        "8,4\u00a0%",
        "4,8\u00a0%",
        "4,2\u00a0%",
        "6,6\u00a0%",
        "9,2\u00a0%",
        "6,1\u00a0%",
        "5,7\u00a0%",
        "18,234",
        "12,197",
        "peildatum 30/09/2021",
    ]:
        assert text in html, text


def test_filter_by_municipality_kind_measure_and_date(stuurgroep_client, demo_data):
    lier = stuurgroep_client.get(DASHBOARD, {"gemeente": "12021"}).content.decode()
    assert "Werkmaat" in lier and "Mivas" in lier and "Opnieuw &amp; Co" in lier
    assert "Natuurpunt Beheer" not in lier
    assert "de totalen gelden enkel voor de getoonde organisaties" in lier

    authorities = stuurgroep_client.get(DASHBOARD, {"soort": "local_authority"}).content.decode()
    assert "Stad Mechelen" in authorities and "OCMW Bornem" in authorities
    assert "Ecoso" not in authorities

    only_lde = stuurgroep_client.get(DASHBOARD, {"maatregel": "lde"}).content.decode()
    assert "Lokale diensteneconomie" in only_lde and "Entiris" not in only_lde
    assert "de regio's vergeleken" not in only_lde

    end_2021 = stuurgroep_client.get(
        DASHBOARD, {"maatregel": "lde", "datum": "31/12/2021"}
    ).content.decode()
    assert "VTE toegekend op 31/12/2021" in end_2021
    assert "01/04/2021</th>" not in end_2021
    assert ">19,50<" in end_2021


def test_a_chosen_date_is_headed_as_the_day_the_figures_hold_not_as_an_allocation_date(
    stuurgroep_client, demo_data
):
    # LDE's allocations took effect on 01/04/2021 and 01/10/2021; none did on 15/06/2021.
    chosen = {"maatregel": "lde", "datum": "15/06/2021"}
    html = stuurgroep_client.get(DASHBOARD, chosen).content.decode()
    assert "VTE toegekend op 15/06/2021" in html
    assert "VTE toegekend vanaf 15/06/2021" not in html
    assert ">13,50<" in html  # Ecoso's allocation of 01/04/2021, still in force
    header = read_csv(
        stuurgroep_client.get(reverse("contingents:table_csv", args=["lde"]), chosen)
    )[2]  # after the filters line and an empty one
    assert header[2] == "VTE op 15/06/2021"


def test_a_measure_without_allocations_on_the_chosen_date_says_so(stuurgroep_client, demo_data):
    html = stuurgroep_client.get(
        DASHBOARD, {"maatregel": "lde", "datum": ["01/01/2000", "01/01/2001"]}
    ).content.decode()
    assert "Geen toekenningen voor Lokale diensteneconomie op 01/01/2000 en 01/01/2001." in html
    assert "aan de filters voldoen" not in html


def test_a_narrowed_table_without_rows_names_the_filters(stuurgroep_client, demo_data):
    html = stuurgroep_client.get(
        DASHBOARD, {"maatregel": "lde", "datum": "01/01/2000", "gemeente": "12021"}
    ).content.decode()
    assert "Geen organisaties met een toekenning op 01/01/2000 die aan de filters voldoen." in html


def test_a_bad_date_is_reported_in_dutch_and_the_other_filters_still_apply(
    stuurgroep_client, demo_data
):
    html = stuurgroep_client.get(
        DASHBOARD, {"gemeente": "12021", "datum": "31/02/2021"}
    ).content.decode()
    assert "“31/02/2021” is geen geldige datum" in html
    # A date picker cannot hold an impossible day: the message names it, the picker is empty.
    assert 'id="datum-andere" aria-describedby="datum-help">' in html
    assert "Natuurpunt Beheer" not in html  # the municipality filter still applies


def test_table_csv_follows_the_same_filters(stuurgroep_client, demo_data):
    response = stuurgroep_client.get(
        reverse("contingents:table_csv", args=["lde"]), {"gemeente": "12021"}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="contingent-lde.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    # The reader's own region is a filter too, and named as one.
    assert rows[0] == [
        "Filters",
        "Regio: ILV regie sociale economie Rivierenland",
        "Actief in gemeente: Lier",
    ]
    assert rows[1] == []
    assert rows[2][:4] == [
        "Organisatie",
        "Hoofdkantoor",
        "VTE vanaf 01/04/2021",
        "VTE vanaf 01/10/2021",
    ]
    assert ["Werkmaat", "Antwerpen/Lier", "53,00", "62,00", "nee", "ja"] in rows
    assert rows[-1][:4] == ["Totaal", "", "54,00", "63,00"]
    zorg = read_csv(stuurgroep_client.get(reverse("contingents:table_csv", args=["lde"])))
    assert [
        "Zorgbedrijf Rivierenland",
        "Sint-Katelijne-Waver",
        "9,00",
        "in uitdoof",
        "ja",
        "nee",
    ] in zorg


def test_recognitions_csv_and_comparison_csv(stuurgroep_client, demo_data):
    welzijn = read_csv(
        stuurgroep_client.get(reverse("contingents:table_csv", args=["ama-welzijn"]))
    )
    assert welzijn[0] == ["Filters", "Regio: ILV regie sociale economie Rivierenland"]
    assert welzijn[2] == ["Organisatie", "Hoofdkantoor", "Erkend vanaf"]
    assert ["Flegado", "Puurs-Sint-Amands", "01/04/2021"] in welzijn
    comparison = read_csv(stuurgroep_client.get(reverse("contingents:comparison_csv")))
    assert ["ILV regie sociale economie Rivierenland", "7", "4,2", "12,197", "6,1"] in comparison


def test_unknown_measure_csv_is_404(stuurgroep_client, demo_data):
    assert (
        stuurgroep_client.get(reverse("contingents:table_csv", args=["bestaat-niet"])).status_code
        == 404
    )


def test_occupancy_shows_next_to_the_allocation(stuurgroep_client, demo_data):
    Occupancy.objects.create(
        organisation=Organisation.objects.get(name="Mivas"),
        measure=Measure.objects.get(code="collectief-maatwerk"),
        quarter=datetime.date(2021, 7, 1),
        fte_filled=Decimal("465.50"),
    )
    html = stuurgroep_client.get(DASHBOARD, {"maatregel": "collectief-maatwerk"}).content.decode()
    assert "Bezettingsgraad" in html
    assert "465,50" in html and "K3 2021" in html and "95,0\u00a0%" in html


def test_organisation_page_shows_history_chart_and_call(stuurgroep_client, demo_data):
    ecoso = Organisation.objects.get(name="Ecoso")
    html = stuurgroep_client.get(
        reverse("contingents:organisation", args=[ecoso.pk])
    ).content.decode()
    assert (
        "<svg" in html
        and '<title id="allocations-title">Toegekende VTE per maatregel</title>' in html
    )
    assert "LDE: 01/04/2021: 13,50; 01/10/2021: 19,50." in html  # the chart's text alternative
    assert "Herverdelingsoproep LDE augustus 2021" in html
    assert "Extra stewards op de verschillende containerparken" in html
    assert "<script" not in html


def test_pages_need_the_view_permission(client, django_user_model, demo_data):
    nobody = django_user_model.objects.create_user("zonderrol", password="x")
    client.force_login(nobody)
    assert client.get(DASHBOARD).status_code == 403
    assert client.get(reverse("contingents:table_csv", args=["lde"])).status_code == 403
    client.logout()
    assert client.get(DASHBOARD).status_code == 302


def grow(factor):
    """``factor`` times more organisations, each with LDE history and occupancy."""
    lde = Measure.objects.get(code="lde")
    lier = Municipality.objects.get(name="Lier")
    for i in range(factor * 40):
        organisation = Organisation.objects.create(name=f"Onderneming {i}", kind="social_economy")
        organisation.active_in.add(lier)
        for year in range(2015, 2022):
            Allocation.objects.create(
                organisation=organisation,
                measure=lde,
                valid_from=datetime.date(year, 4, 1),
                fte=Decimal(i),
            )
        Occupancy.objects.create(
            organisation=organisation,
            measure=lde,
            quarter=datetime.date(2021, 7, 1),
            fte_filled=Decimal(1),
        )


# session, user, permissions (user, group), home region, the reader's own region, that region
# checked by the filter, measures, the ids of the region's organisations, the two latest
# allocation dates of each of the five measures (a query each, on the index), allocations,
# occupancy, the six latest dates for the filter, latest comparison date, comparisons, Flanders
# total, measures, regions and municipalities listed in the filter form
DASHBOARD_QUERIES = 23


def test_dashboard_query_count_does_not_grow_with_the_data(
    stuurgroep_client, demo_data, django_assert_num_queries
):
    lier = {"gemeente": "12021"}  # one more query: the chosen municipality is looked up
    with django_assert_num_queries(DASHBOARD_QUERIES):
        stuurgroep_client.get(DASHBOARD)
    with django_assert_num_queries(DASHBOARD_QUERIES + 1):
        stuurgroep_client.get(DASHBOARD, lier)
    grow(10)
    with django_assert_num_queries(DASHBOARD_QUERIES):
        stuurgroep_client.get(DASHBOARD)
    with django_assert_num_queries(DASHBOARD_QUERIES + 1):
        response = stuurgroep_client.get(DASHBOARD, lier)
    # 400 more organisations in LDE: a page of 100, the totals still of all of them.
    html = response.content.decode()
    assert "Organisaties 1–100 van 40" in html
    assert "pagina-lde=2" in html


def test_organisation_page_and_csv_query_counts_are_bounded(
    stuurgroep_client, demo_data, django_assert_max_num_queries
):
    grow(10)
    ecoso = Organisation.objects.get(name="Ecoso")
    with django_assert_max_num_queries(10):
        stuurgroep_client.get(reverse("contingents:organisation", args=[ecoso.pk]))
    with django_assert_max_num_queries(12):  # the own region, its check, its organisations
        stuurgroep_client.get(reverse("contingents:table_csv", args=["lde"]))


def test_the_csv_names_every_filter_that_produced_it_and_ignores_invalid_ones(
    stuurgroep_client, demo_data
):
    url = reverse("contingents:table_csv", args=["lde"])
    chosen = read_csv(
        stuurgroep_client.get(url, {"maatregel": "lde", "datum": "15/06/2021", "soort": ""})
    )
    assert chosen[0] == [
        "Filters",
        "Maatregel: LDE",
        "Peildatum: 15/06/2021",
        "Regio: ILV regie sociale economie Rivierenland",
    ]
    invalid = read_csv(stuurgroep_client.get(url, {"datum": "31/02/2021", "regio": ""}))
    assert invalid[0] == ["Filters", "geen"]


def test_the_date_choice_offers_the_recent_dates_and_a_picker_for_the_others(
    stuurgroep_client, demo_data
):
    ecoso = Organisation.objects.get(name="Ecoso")
    lde = Measure.objects.get(code="lde")
    for year in range(2010, 2020):  # ten more years of yearly allocations
        Allocation.objects.create(
            organisation=ecoso, measure=lde, valid_from=datetime.date(year, 1, 1), fte=Decimal(5)
        )
    html = stuurgroep_client.get(DASHBOARD, {"datum": "01/01/2012"}).content.decode()
    offered = re.findall(r'name="datum" id="datum-\d+" value="([^"]+)"', html)
    assert len(offered) == 7  # the six latest, and the older one that was chosen
    assert offered[0] == "01/01/2012" and "01/01/2011" not in offered
    assert 'value="01/01/2012" checked' in html
    assert "Een eerdere datum kies je met de datumkiezer." in html
    # A day picked in the date picker comes back as a ticked date.
    picked = stuurgroep_client.get(DASHBOARD, {"datum": "2015-06-30"}).content.decode()
    assert 'type="date" name="datum" id="datum-andere"' in picked
    assert 'value="30/06/2015" checked' in picked and "VTE toegekend op 30/06/2015" in picked
