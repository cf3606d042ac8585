"""Read models of the actors app shared by pages, exports and the annual report."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max

from actors.access import bodies_of
from actors.models import Body, LabourMarketFigure, Membership, Municipality, Region

Indicator = LabourMarketFigure.Indicator

# The key figures of the report's regional table, in its order.
KEY_INDICATORS = [
    Indicator.JOBSEEKER_RATE,
    Indicator.JOBSEEKERS,
    Indicator.LOW_SKILLED,
    Indicator.WORK_DISABILITY,
    Indicator.MIGRANT_BACKGROUND,
    Indicator.LIMITED_DUTCH,
    Indicator.LONG_TERM,
    Indicator.VACANCIES_RECEIVED,
    Indicator.VACANCIES_OPEN,
]


@dataclass(frozen=True)
class Cell:
    """One figure as the source gives it: a value, withheld, or missing (value None)."""

    value: Decimal | None = None
    is_withheld: bool = False


MISSING = Cell()


def year_before(month: datetime.date) -> datetime.date:
    return month.replace(year=month.year - 1)


def change_percent(current: Cell, previous: Cell) -> Decimal | None:
    """Year-on-year change in percent, only where both figures are known and the base is not 0."""
    if current.value is None or previous.value is None or previous.value == 0:
        return None
    return (current.value - previous.value) / previous.value * 100


@dataclass
class KeyFigureRow:
    indicator: str
    label: str
    is_percentage: bool
    cells: list[Cell]

    @property
    def change(self) -> Decimal | None:
        """From the first month to the last: in percent for a count, in percentage points for a
        percentage; None unless both are known."""
        first, last = self.cells[0], self.cells[-1]
        if not self.is_percentage:
            return change_percent(last, first)
        if first.value is None or last.value is None:
            return None
        return last.value - first.value


@dataclass
class KeyFigureTable:
    months: list[datetime.date]
    rows: list[KeyFigureRow]
    sources: list[str] = field(default_factory=list)
    # Inhabitants in the latest of the months that has the figure, with its own source: the
    # report cites it in its text.
    population: Cell = MISSING
    population_month: datetime.date | None = None
    population_source: str = ""

    def row(self, indicator: str) -> KeyFigureRow | None:
        return next((row for row in self.rows if row.indicator == indicator), None)


def latest_region_month(region: Region) -> datetime.date | None:
    """The most recent month with a key figure for the region (a later population count alone
    does not make a month of key figures)."""
    figures = region.labour_market_figures.filter(indicator__in=KEY_INDICATORS)
    return figures.aggregate(latest=Max("reference_month"))["latest"]


def region_key_figures(region: Region, months: list[datetime.date]) -> KeyFigureTable:
    """The region's key labour-market figures for ``months`` side by side (one query)."""
    figures = LabourMarketFigure.objects.filter(
        region=region,
        indicator__in=[*KEY_INDICATORS, Indicator.POPULATION],
        reference_month__in=months,
    ).only("indicator", "reference_month", "value", "is_withheld", "source")
    found = {(f.indicator, f.reference_month): f for f in figures}
    population = next(
        (
            found[key]
            for month in reversed(months)
            if (key := (Indicator.POPULATION, month)) in found
        ),
        None,
    )
    found = {key: f for key, f in found.items() if key[0] != Indicator.POPULATION}
    rows = [
        KeyFigureRow(
            indicator=indicator,
            label=indicator.label,
            is_percentage=indicator in LabourMarketFigure.PERCENTAGES,
            cells=[_cell(found.get((indicator, month))) for month in months],
        )
        for indicator in KEY_INDICATORS
    ]
    return KeyFigureTable(
        months=months,
        rows=rows,
        sources=_sources(found.values()),
        population=_cell(population),
        population_month=population.reference_month if population else None,
        population_source=population.source if population else "",
    )


@dataclass
class MunicipalityRow:
    municipality: Municipality
    current: Cell
    previous: Cell

    @property
    def change(self) -> Decimal | None:
        return change_percent(self.current, self.previous)


@dataclass
class MunicipalityTable:
    indicator: str
    label: str
    month: datetime.date
    previous_month: datetime.date
    rows: list[MunicipalityRow]
    sources: list[str] = field(default_factory=list)


def municipality_year_on_year(
    region: Region, indicator: str, month: datetime.date
) -> MunicipalityTable:
    """One indicator per member municipality in ``month`` and a year earlier (two queries)."""
    previous = year_before(month)
    municipalities = list(region.municipalities.order_by("name"))
    figures = LabourMarketFigure.objects.filter(
        municipality__in=municipalities,
        indicator=indicator,
        reference_month__in=[month, previous],
    ).only("municipality_id", "reference_month", "value", "is_withheld", "source")
    found = {(f.municipality_id, f.reference_month): f for f in figures}
    rows = [
        MunicipalityRow(
            municipality=m,
            current=_cell(found.get((m.pk, month))),
            previous=_cell(found.get((m.pk, previous))),
        )
        for m in municipalities
    ]
    return MunicipalityTable(
        indicator=indicator,
        label=Indicator(indicator).label,
        month=month,
        previous_month=previous,
        rows=rows,
        sources=_sources(found.values()),
    )


def _cell(figure: LabourMarketFigure | None) -> Cell:
    if figure is None:
        return MISSING
    return Cell(value=figure.value, is_withheld=figure.is_withheld)


def _sources(figures) -> list[str]:
    return sorted({f.source for f in figures})


def home_region(request) -> Region | None:
    """The home region, read once per request (the page header and the page itself both need it)."""
    if not hasattr(request, "_ilv_home_region"):
        request._ilv_home_region = Region.objects.home()
    return request._ilv_home_region


def latest_municipality_month(region: Region, indicator: str) -> datetime.date | None:
    """The most recent month with ``indicator`` for any member municipality of the region."""
    return LabourMarketFigure.objects.filter(
        municipality__regions=region, indicator=indicator
    ).aggregate(latest=Max("reference_month"))["latest"]


def body_members(bodies: list[Body], date: datetime.date) -> dict[int, list[Membership]]:
    """Per body (by id), its members on ``date`` in Annex 1's order: chair, vice-chair, members,
    secretariat (one query)."""
    members = {body.pk: [] for body in bodies}
    memberships = (
        Membership.objects.filter(body__in=bodies)
        .active_on(date)
        .select_related("person", "municipality")
        .in_protocol_order()
    )
    for membership in memberships:
        members[membership.body_id].append(membership)
    return members


def months_until(last: datetime.date, count: int) -> list[datetime.date]:
    """``count`` first-of-month dates ending with ``last``'s month, oldest first."""
    months, month = [], last.replace(day=1)
    for _ in range(count):
        months.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return months[::-1]


def figure_series(
    area: Region | Municipality, indicators: list[str], months: list[datetime.date]
) -> dict[str, dict[datetime.date, Cell]]:
    """Per indicator, the area's figure in each of ``months`` that has one (one query)."""
    where = {"region": area} if isinstance(area, Region) else {"municipality": area}
    figures = LabourMarketFigure.objects.filter(
        **where,
        indicator__in=indicators,
        reference_month__gte=months[0],
        reference_month__lte=months[-1],
    ).only("indicator", "reference_month", "value", "is_withheld")
    series = {indicator: {} for indicator in indicators}
    for f in figures:
        series[f.indicator][f.reference_month] = _cell(f)
    return series


def latest_month(area: Region | Municipality) -> datetime.date | None:
    """The most recent month with any figure for the area (a region or a municipality)."""
    return area.labour_market_figures.aggregate(latest=Max("reference_month"))["latest"]


def own_region(request) -> Region | None:
    """The region a reader works for: that of the bodies their person sits in today (the home
    region first when several), else the home region. Read once per request."""
    if not hasattr(request, "_ilv_own_region"):
        region = (
            Region.objects.filter(bodies__in=bodies_of(request.user))
            .order_by("-is_home", "name")
            .first()
        )
        request._ilv_own_region = region or home_region(request)
    return request._ilv_own_region
