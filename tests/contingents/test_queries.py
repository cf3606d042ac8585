"""The contingent at a date, totals and shares: the one read module behind page, CSV and report."""

import datetime
from decimal import Decimal

import pytest

from actors.models import Organisation
from contingents.models import Measure, Occupancy
from contingents.queries import contingent_tables, regional_comparison
from tests.contingents.conftest import APRIL, OCTOBER, allocate

pytestmark = pytest.mark.django_db


def tables(measures, dates, organisations=None):
    return contingent_tables(
        measures=measures,
        dates_by_measure={m.pk: dates for m in measures},
        organisations=organisations,
    )


def test_contingent_at_a_date_is_the_latest_allocation_on_or_before_it(ecoso, lde):
    allocate(ecoso, lde, datetime.date(2019, 1, 1), "10.00")
    allocate(ecoso, lde, APRIL, "13.50")
    allocate(ecoso, lde, OCTOBER, "19.50")
    dates = [
        datetime.date(2018, 12, 31),
        datetime.date(2020, 6, 1),
        APRIL,
        datetime.date(2021, 9, 30),
        OCTOBER,
    ]
    [table] = tables([lde], dates)
    [row] = table.rows
    assert [c.fte if c else None for c in row.cells] == [
        None,
        Decimal("10.00"),
        Decimal("13.50"),
        Decimal("13.50"),
        Decimal("19.50"),
    ]


def test_totals_leave_out_phasing_out_without_figure(ecoso, lde):
    zorgbedrijf = Organisation.objects.create(name="Zorgbedrijf Rivierenland")
    allocate(ecoso, lde, APRIL, "13.50")
    allocate(zorgbedrijf, lde, APRIL, "9.00")
    allocate(zorgbedrijf, lde, OCTOBER, None, phasing_out=True)
    [table] = tables([lde], [APRIL, OCTOBER])
    assert table.totals == [Decimal("22.50"), Decimal("13.50")]
    assert table.has_phasing_out


def test_organisations_without_allocation_at_the_dates_are_left_out(ecoso, lde):
    allocate(ecoso, lde, datetime.date(2022, 1, 1), "5.00")
    assert tables([lde], [APRIL, OCTOBER])[0].rows == []


def test_filtered_organisations_only(ecoso, lde):
    werkmaat = Organisation.objects.create(name="Werkmaat")
    allocate(ecoso, lde, APRIL, "13.50")
    allocate(werkmaat, lde, APRIL, "53.00")
    [table] = tables([lde], [APRIL], Organisation.objects.filter(name="Werkmaat"))
    assert [row.organisation.name for row in table.rows] == ["Werkmaat"]
    assert table.totals == [Decimal("53.00")]


def test_occupancy_is_the_latest_quarter_at_the_last_date(ecoso, lde):
    allocate(ecoso, lde, APRIL, "20.00")
    for quarter, filled in [
        ((2021, 4, 1), "15.00"),
        ((2021, 7, 1), "17.00"),
        ((2022, 1, 1), "3.00"),
    ]:
        Occupancy.objects.create(
            organisation=ecoso,
            measure=lde,
            quarter=datetime.date(*quarter),
            fte_filled=Decimal(filled),
        )
    [table] = tables([lde], [APRIL, OCTOBER])
    [row] = table.rows
    assert row.occupancy.fte_filled == Decimal("17.00")
    assert row.occupancy_rate == Decimal(85)
    assert table.total_filled == Decimal("17.00")


def test_occupancy_of_measures_with_different_last_dates_in_one_query(
    ecoso, lde, django_assert_num_queries
):
    maatwerk = Measure.objects.create(
        code="collectief-maatwerk", name="Collectief maatwerk", short_name="CMW", position=2
    )
    allocate(ecoso, lde, APRIL, "20.00")
    allocate(ecoso, maatwerk, APRIL, "10.00")
    for measure, quarter, filled in [
        (lde, (2021, 4, 1), "15.00"),
        (lde, (2021, 7, 1), "17.00"),  # lde's last date is October: this one
        (maatwerk, (2021, 1, 1), "4.00"),  # maatwerk's last date is April: this one
        (maatwerk, (2021, 7, 1), "8.00"),
    ]:
        Occupancy.objects.create(
            organisation=ecoso, measure=measure, quarter=datetime.date(*quarter), fte_filled=filled
        )

    # allocations and occupancy, for both last dates at once
    with django_assert_num_queries(2):
        lde_table, maatwerk_table = contingent_tables(
            measures=[lde, maatwerk],
            dates_by_measure={lde.pk: [APRIL, OCTOBER], maatwerk.pk: [APRIL]},
        )

    assert lde_table.rows[0].occupancy.fte_filled == Decimal("17.00")
    assert maatwerk_table.rows[0].occupancy.fte_filled == Decimal("4.00")


def test_regional_comparison_computes_the_shares_of_tabel_3(demo_data):
    comparison = regional_comparison()
    shares = {
        row.comparison.region.name: (round(row.enterprises_share, 1), round(row.fte_share, 1))
        for row in comparison.rows
    }
    assert shares == {
        "Stad Antwerpen": (Decimal("8.4"), Decimal("9.2")),
        "Welzijnsvereniging W13": (Decimal("4.8"), Decimal("9.2")),
        "ILV regie sociale economie Rivierenland": (Decimal("4.2"), Decimal("6.1")),
        "Stad Gent": (Decimal("6.6"), Decimal("5.7")),
    }
    assert [row.comparison.region.name for row in comparison.rows][0] == "Stad Antwerpen"
    assert comparison.reference_date == datetime.date(2021, 9, 30)
