"""Read models of the contingents, shared by the dashboard, its CSV export and the annual report.

The contingent of an organisation at a date is its latest allocation on or before that date.
Queries fetch only the allocations that can be that "latest" for the requested dates, so the
number of queries and rows read does not grow with the years of history.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, Max, OuterRef, Prefetch, Q, QuerySet

from actors.models import Organisation
from contingents.models import (
    Allocation,
    Application,
    Call,
    FlandersTotal,
    Measure,
    Occupancy,
    RegionalComparison,
)

# How many reference dates a table shows by default: the report puts two LDE dates side by side.
DEFAULT_DATE_COUNT = 2


@dataclass
class ContingentRow:
    organisation: Organisation
    cells: list[Allocation | None]  # the allocation in force at each reference date
    occupancy: Occupancy | None = None  # the latest known quarter at the last date

    @property
    def deployed_outside_region(self) -> bool:
        return any(cell.deployed_outside_region for cell in self.cells if cell)

    @property
    def current(self) -> Allocation | None:
        return self.cells[-1]

    @property
    def occupancy_rate(self) -> Decimal | None:
        """Filled FTE as a percentage of the FTE allocated at the last date."""
        if self.occupancy is None or self.current is None or not self.current.fte:
            return None
        return self.occupancy.fte_filled / self.current.fte * 100


@dataclass
class ContingentTable:
    measure: Measure
    dates: list[datetime.date]
    rows: list[ContingentRow]
    totals: list[Decimal | None] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @property
    def has_outside_region(self) -> bool:
        return any(row.deployed_outside_region for row in self.rows)

    @property
    def has_phasing_out(self) -> bool:
        return any(cell and cell.phasing_out for row in self.rows for cell in row.cells)

    @property
    def has_occupancy(self) -> bool:
        return any(row.occupancy for row in self.rows)

    @property
    def total_filled(self) -> Decimal | None:
        filled = [row.occupancy.fte_filled for row in self.rows if row.occupancy]
        return sum(filled, Decimal(0)) if filled else None


def latest_dates(
    measures,
    *,
    until: datetime.date | None = None,
    count: int = DEFAULT_DATE_COUNT,
    organisations: QuerySet[Organisation] | list[int] | None = None,
) -> dict[int, list[datetime.date]]:
    """Per measure (by id), its ``count`` most recent allocation dates on or before ``until``,
    oldest first: what the report's tables show, so that a later allocation never changes the
    report of an earlier year. Only allocations of ``organisations`` count when given (a
    region's tables start from the region's own dates). One short query per measure (on the
    index of measure and date), however many dates ten years of allocations have."""
    dates = {}
    for measure in measures:
        allocations = Allocation.objects.filter(measure=measure)
        if organisations is not None:
            allocations = allocations.filter(organisation__in=organisations)
        if until is not None:
            allocations = allocations.filter(valid_from__lte=until)
        recent = allocations.order_by("-valid_from").values_list("valid_from", flat=True)
        dates[measure.pk] = sorted(recent.distinct()[:count])
    return dates


def recent_dates(count: int) -> list[datetime.date]:
    """The ``count`` most recent dates on which any allocation took effect, oldest first (one
    query)."""
    all_dates = Allocation.objects.order_by("-valid_from").values_list("valid_from", flat=True)
    return sorted(all_dates.distinct()[:count])


def contingent_tables(
    *,
    measures: list[Measure],
    dates_by_measure: dict[int, list[datetime.date]],
    organisations: QuerySet[Organisation] | list[int] | None = None,
) -> list[ContingentTable]:
    """One table per measure: organisations with their allocation at each date, and totals.
    ``organisations`` (a queryset, or their ids: faster where a queryset is a costly subquery)
    limits the rows.

    Two queries for all measures together (allocations, occupancy), whatever the number of
    organisations, the measures' dates or the years of history.
    """
    measures = [m for m in measures if dates_by_measure.get(m.pk)]
    if not measures:
        return []
    all_dates = sorted({d for m in measures for d in dates_by_measure[m.pk]})
    history = _allocations_for_dates(measures, all_dates[0], all_dates[-1], organisations)
    occupancy = _occupancy_at(measures, dates_by_measure, organisations)

    tables = []
    for measure in measures:
        dates = sorted(dates_by_measure[measure.pk])
        rows = []
        for organisation, allocations in history.get(measure.pk, {}).items():
            cells = [_in_force(allocations, date) for date in dates]
            if any(cells):
                rows.append(
                    ContingentRow(
                        organisation=organisation,
                        cells=cells,
                        occupancy=occupancy.get((measure.pk, organisation.pk)),
                    )
                )
        rows.sort(key=lambda row: row.organisation.name.casefold())
        totals = [
            sum((row.cells[i].fte for row in rows if row.cells[i] and row.cells[i].fte), Decimal(0))
            if measure.counts_fte
            else None
            for i in range(len(dates))
        ]
        sources = sorted({cell.source for row in rows for cell in row.cells if cell})
        tables.append(ContingentTable(measure, dates, rows, totals, sources))
    return tables


def holds(allocation: Allocation | None) -> bool:
    """Whether an allocation in force means the organisation holds the measure: some FTE, a
    recognition without FTE, or a contingent "in uitdoof" (0 FTE is one taken away)."""
    return allocation is not None and (allocation.fte != 0 or allocation.phasing_out)


def holders(
    measure: Measure, organisations: QuerySet[Organisation], *, today: datetime.date
) -> list[int]:
    """The ids of ``organisations`` that hold ``measure`` on ``today`` (one or two queries)."""
    tables = contingent_tables(
        measures=[measure], dates_by_measure={measure.pk: [today]}, organisations=organisations
    )
    return [row.organisation.pk for table in tables for row in table.rows if holds(row.current)]


def _allocations_for_dates(measures, first, last, organisations):
    """{measure id: {organisation: [allocations, oldest first]}} in force in [first, last]."""
    superseded_before_first = Allocation.objects.filter(
        organisation=OuterRef("organisation"),
        measure=OuterRef("measure"),
        valid_from__gt=OuterRef("valid_from"),
        valid_from__lte=first,
    )
    if organisations is not None:
        # Also inside: the planner then reads only their allocations on both sides.
        superseded_before_first = superseded_before_first.filter(organisation__in=organisations)
    allocations = (
        Allocation.objects.filter(measure__in=measures, valid_from__lte=last)
        .exclude(Exists(superseded_before_first))
        .select_related("organisation")
        .order_by("valid_from")
    )
    if organisations is not None:
        allocations = allocations.filter(organisation__in=organisations)
    history = defaultdict(lambda: defaultdict(list))
    for allocation in allocations:
        history[allocation.measure_id][allocation.organisation].append(allocation)
    return history


def _in_force(allocations: list[Allocation], date: datetime.date) -> Allocation | None:
    """The latest allocation on or before ``date`` (``allocations`` is oldest first)."""
    current = None
    for allocation in allocations:
        if allocation.valid_from > date:
            break
        current = allocation
    return current


def _occupancy_at(measures, dates_by_measure, organisations):
    """{(measure id, organisation id): latest occupancy on or before the measure's last date}.

    One query whatever the measures' last dates: each measure's quarters are bounded by its own
    last date in one condition (measures sharing a last date share a term), so that the count
    does not grow with the number of distinct last dates (one per measure in the worst case).
    """
    by_last_date = defaultdict(list)
    for measure in measures:
        if measure.counts_fte:
            by_last_date[max(dates_by_measure[measure.pk])].append(measure)
    if not by_last_date:
        return {}
    known = Q()
    for last, group in by_last_date.items():
        known |= Q(measure__in=group, quarter__lte=last)
    # A newer row of the same organisation and measure within that measure's bound.
    newer = Occupancy.objects.filter(
        known,
        organisation=OuterRef("organisation"),
        measure=OuterRef("measure"),
        quarter__gt=OuterRef("quarter"),
    )
    occupancies = Occupancy.objects.filter(known).exclude(Exists(newer))
    if organisations is not None:
        occupancies = occupancies.filter(organisation__in=organisations)
    return {(o.measure_id, o.organisation_id): o for o in occupancies}


def organisation_history(organisation: Organisation) -> list[tuple[Measure, list[Allocation]]]:
    """Every allocation of one organisation, grouped per measure, oldest first (one query)."""
    grouped = defaultdict(list)
    allocations = organisation.allocations.select_related("measure", "call").order_by(
        "measure__position", "valid_from"
    )
    for allocation in allocations:
        grouped[allocation.measure].append(allocation)
    return list(grouped.items())


def calls_in_year(year: int) -> list[Call]:
    """The calls launched in ``year`` with their applications, oldest first (two queries)."""
    applications = Application.objects.select_related("organisation").order_by("organisation__name")
    return list(
        Call.objects.filter(opened_on__year=year)
        .select_related("measure")
        .prefetch_related(Prefetch("applications", queryset=applications))
        .order_by("opened_on", "name")
    )


@dataclass
class ComparisonRow:
    comparison: RegionalComparison
    enterprises_share: Decimal | None
    fte_share: Decimal | None


@dataclass
class ComparisonTable:
    measure: Measure
    reference_date: datetime.date
    rows: list[ComparisonRow]
    total: FlandersTotal | None
    sources: list[str]


def regional_comparison(*, until: datetime.date | None = None) -> ComparisonTable | None:
    """The latest comparison of coordination areas (Tabel 3), on or before ``until`` if given,
    shares of Flanders computed (three queries)."""
    comparisons = RegionalComparison.objects.all()
    if until is not None:
        comparisons = comparisons.filter(reference_date__lte=until)
    latest = comparisons.aggregate(latest=Max("reference_date"))["latest"]
    if latest is None:
        return None
    comparisons = list(
        RegionalComparison.objects.filter(reference_date=latest)
        .select_related("region", "measure")
        .order_by("measure__position", "-fte", "region__name")
    )
    measure = comparisons[0].measure
    comparisons = [c for c in comparisons if c.measure_id == measure.pk]
    total = FlandersTotal.objects.filter(measure=measure, reference_date=latest).first()
    rows = [
        ComparisonRow(
            comparison=c,
            enterprises_share=_share(c.enterprises, total.enterprises if total else None),
            fte_share=_share(c.fte, total.fte if total else None),
        )
        for c in comparisons
    ]
    sources = sorted({c.source for c in comparisons} | ({total.source} if total else set()))
    return ComparisonTable(measure, latest, rows, total, sources)


def _share(part, whole) -> Decimal | None:
    if part is None or not whole:
        return None
    return Decimal(part) / Decimal(whole) * 100


def allocation_chart(history: list[tuple[Measure, list[Allocation]]], *, today: datetime.date):
    """The step chart of an organisation's FTE per measure, running on for a year at most."""
    from django.utils.translation import gettext as _

    from ilv.charts import Series, step_chart
    from ilv.templatetags.ilv_format import allocation_fte

    counted = [(m, allocations) for m, allocations in history if m.counts_fte]
    if not counted:
        return None
    last_change = max(a.valid_from for _m, allocations in counted for a in allocations)
    end = min(today, last_change + datetime.timedelta(days=365))
    steps = [
        "; ".join(f"{a.valid_from:%d/%m/%Y}: {allocation_fte(a)}" for a in allocations)
        for _m, allocations in counted
    ]
    description = " ".join(
        f"{measure.short_name}: {text}." for (measure, _a), text in zip(counted, steps, strict=True)
    )
    return step_chart(
        [
            Series(m.short_name, [(a.valid_from, a.fte) for a in allocations])
            for m, allocations in counted
        ],
        title=_("Toegekende VTE per maatregel"),
        description=description,
        end=end,
    )
