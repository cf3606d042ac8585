"""The municipalities as the stuurgroep reads them: a list with their key figures, and per
municipality its labour market over time, its organisations and their contingents, the actions
it takes part in and its representatives in the bodies."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from actors.models import LabourMarketFigure, Membership, Municipality, Organisation, Region
from actors.queries import Cell, change_percent, year_before
from contingents.models import Measure
from contingents.queries import ContingentTable, contingent_tables, latest_dates
from reports.models import Action, ActionPlan

JOBSEEKERS = LabourMarketFigure.Indicator.JOBSEEKERS


def _count(queryset, field: str):
    """A correlated COUNT(*) of ``queryset`` per ``field`` = the outer row, 0 when none."""
    counted = queryset.filter(**{field: OuterRef("pk")}).values(field).annotate(n=Count("*"))
    return Coalesce(Subquery(counted.values("n")[:1]), Value(0), output_field=IntegerField())


def _figure(month: datetime.date | None, column: str):
    figures = LabourMarketFigure.objects.filter(
        municipality=OuterRef("pk"), indicator=JOBSEEKERS, reference_month=month
    )
    return Subquery(figures.values(column)[:1])


def latest_jobseekers_month() -> datetime.date | None:
    """The most recent month with a jobseekers figure for any municipality (one query)."""
    return (
        LabourMarketFigure.objects.filter(municipality__isnull=False, indicator=JOBSEEKERS)
        .order_by("-reference_month")
        .values_list("reference_month", flat=True)
        .first()
    )


def municipality_rows(
    municipalities: QuerySet[Municipality], *, month: datetime.date | None, today: datetime.date
) -> QuerySet[Municipality]:
    """``municipalities`` with, per row, the jobseekers in ``month`` and a year earlier, the
    organisations active there and the representatives seated today: one query per page,
    whatever the number of rows."""
    previous = year_before(month) if month else None
    seated = Membership.objects.active_on(today)
    return municipalities.annotate(
        jobseekers=_figure(month, "value"),
        jobseekers_withheld=_figure(month, "is_withheld"),
        jobseekers_before=_figure(previous, "value"),
        organisation_count=_count(Organisation.active_in.through.objects.all(), "municipality"),
        representative_count=_count(seated, "municipality"),
    ).order_by("name")


@dataclass
class Row:
    """A municipality of the list, its figures read as cells."""

    municipality: Municipality
    current: Cell
    previous: Cell
    organisations: int
    representatives: int
    actions: int

    @property
    def change(self):
        return change_percent(self.current, self.previous)


def rows_of(page, plan: ActionPlan | None, region: Region | None) -> list[Row]:
    """The annotated municipalities of a page as rows, with their actions in ``plan`` (two
    queries: the plan's actions and their municipalities)."""
    municipalities = list(page)
    counts = action_counts(plan, region, {m.pk for m in municipalities})
    return [
        Row(
            municipality=m,
            current=Cell(m.jobseekers, bool(m.jobseekers_withheld)),
            previous=Cell(m.jobseekers_before),
            organisations=m.organisation_count,
            representatives=m.representative_count,
            actions=counts.get(m.pk, 0),
        )
        for m in municipalities
    ]


def _plan_actions(plan: ActionPlan):
    return (
        Action.objects.specific()
        .filter(domain__plan=plan)
        .exclude(status=Action.Status.DROPPED)
        .prefetch_related("municipalities")
    )


def _taking_part(action: Action, members: set[int]) -> set[int]:
    """The municipalities taking part in ``action``, as the compliance counts them: a regional
    action counts for every member of the home region, the lead municipality takes part."""
    if action.whole_region:
        return set(members)
    taking_part = {m.pk for m in action.municipalities.all()}
    if action.lead_municipality_id:
        taking_part.add(action.lead_municipality_id)
    return taking_part


def action_counts(
    plan: ActionPlan | None, region: Region | None, wanted: set[int]
) -> dict[int, int]:
    """Per municipality id in ``wanted``, the plan's actions it takes part in (two queries)."""
    if plan is None or not wanted:
        return {}
    members = set(region.municipalities.values_list("pk", flat=True)) if region else set()
    counts = defaultdict(int)
    for action in _plan_actions(plan):
        for pk in _taking_part(action, members) & wanted:
            counts[pk] += 1
    return dict(counts)


def municipality_actions(
    municipality: Municipality, region: Region | None
) -> list[tuple[ActionPlan, list[Action]]]:
    """Per plan year, newest first, the actions the municipality takes part in (three queries)."""
    taking_part = Q(municipalities=municipality) | Q(lead_municipality=municipality)
    if region is not None and region.municipalities.filter(pk=municipality.pk).exists():
        taking_part |= Q(whole_region=True)
    actions = (
        Action.objects.specific()
        .filter(Q(pk__in=Action.objects.filter(taking_part).values("pk")))
        .select_related("domain__plan", "lead_municipality", "lead_organisation")
        .order_by("-domain__plan__year", "domain__position", "position", "pk")
    )
    by_plan: dict[int, tuple[ActionPlan, list[Action]]] = {}
    for action in actions:
        plan = action.domain.plan
        by_plan.setdefault(plan.pk, (plan, []))[1].append(action)
    return list(by_plan.values())


def municipality_contingents(
    municipality: Municipality, today: datetime.date
) -> tuple[list[ContingentTable], list[Organisation]]:
    """The organisations active in the municipality with their contingent per measure at its
    latest allocation date, and those without one (five queries)."""
    organisations = Organisation.objects.filter(active_in=municipality)
    measures = list(Measure.objects.select_related("successor"))
    dates = latest_dates(measures, until=today, count=1)
    tables = contingent_tables(
        measures=measures, dates_by_measure=dates, organisations=organisations
    )
    with_contingent = {row.organisation.pk for table in tables for row in table.rows}
    others = [o for o in organisations.order_by("name") if o.pk not in with_contingent]
    return tables, others


def representatives(municipality: Municipality, today: datetime.date) -> list[Membership]:
    """Who represents the municipality in the bodies today, in Annex 1's order (one query)."""
    return list(
        Membership.objects.active_on(today)
        .filter(municipality=municipality)
        .select_related("person", "body")
        .in_protocol_order()
    )
