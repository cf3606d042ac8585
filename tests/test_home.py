"""The overview after login: the region, its municipalities and the labour-market key figures."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from actors.models import LabourMarketFigure, Municipality, Region

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def test_overview_shows_the_2021_key_figures_in_belgian_notation(stuurgroep_client, demo_data):
    html = stuurgroep_client.get(HOME).content.decode()
    assert "<h1>ILV regie sociale economie Rivierenland</h1>" in html
    assert "10 lokale besturen, met Mechelen als beherende gemeente" in html
    assert "312.533 inwoners in januari 2021 (bron: VDAB, Dashboard lokale besturen)" in html
    assert "Januari 2021" in html and "Januari 2020" in html
    assert "6,6\u00a0%" in html  # werkzoekendegraad
    assert "9.788" in html and "6.045" in html
    assert "3.508" in html  # Mechelen
    assert "Bron: VDAB, Arvastat" in html
    assert "12025" in html


def test_missing_and_withheld_figures_are_not_shown_as_zero(stuurgroep_client, demo_data):
    lier = Municipality.objects.get(name="Lier")
    LabourMarketFigure.objects.filter(municipality=lier).update(value=None, is_withheld=True)
    page = stuurgroep_client.get(HOME).content.decode()
    html = page[page.index('id="kerncijfers"') : page.index('id="contingenten"')]
    assert "afgeschermd" in html
    # January 2020 is not in the data: a dash, never 0.
    assert html.count('<td class="num">–</td>') >= 10
    assert '<td class="num">0</td>' not in html


def test_year_on_year_change_is_computed_where_both_years_are_known(stuurgroep_client, demo_data):
    mechelen = Municipality.objects.get(name="Mechelen")
    LabourMarketFigure.objects.create(
        municipality=mechelen,
        indicator="jobseekers",
        reference_month=datetime.date(2022, 1, 1),
        value=Decimal(3157),
    )
    html = stuurgroep_client.get(HOME).content.decode()
    assert "Januari 2022" in html
    assert "\u221210,0\u00a0%" in html  # (3157 - 3508) / 3508


def test_overview_without_a_home_region_explains_what_to_do(regisseur_client):
    html = regisseur_client.get(HOME).content.decode()
    assert "Er is nog geen eigen regio ingesteld" in html
    assert reverse("admin:actors_region_changelist") in html


def test_user_input_is_escaped(stuurgroep_client, demo_data):
    Region.objects.filter(is_home=True).update(name="<script>alert(1)</script>")
    html = stuurgroep_client.get(HOME).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_overview_query_count_does_not_grow_with_the_data(
    stuurgroep_client, demo_data, django_assert_num_queries
):
    # session, user, home region, member count, latest region month, key figures,
    # latest municipal month, member municipalities, municipal figures, and the user's and
    # groups' permissions for the navigation
    with django_assert_num_queries(11):
        stuurgroep_client.get(HOME)
    region = Region.objects.home()
    for i in range(90):
        municipality = Municipality.objects.create(name=f"Gemeente {i}", nis_code=f"{20000 + i}")
        region.municipalities.add(municipality)
        for year in (2020, 2021):
            LabourMarketFigure.objects.create(
                municipality=municipality,
                indicator="jobseekers",
                reference_month=datetime.date(year, 1, 1),
                value=Decimal(100 + i),
            )
    with django_assert_num_queries(11):
        response = stuurgroep_client.get(HOME)
    assert "Gemeente 89" in response.content.decode()
