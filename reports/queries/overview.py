"""What the overview after login puts together: the labour market's trend, the contingent per
measure, the action plan's progress per domain and what needs attention. Each function says how
many queries it runs; none grows with the amount of data."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actors.models import LabourMarketFigure, Organisation, Region
from actors.queries import (
    MISSING,
    Cell,
    figure_series,
    months_until,
)
from contingents.models import Measure
from contingents.queries import contingent_tables, holds, latest_dates
from ilv.charts import Chart, Series, line_chart
from ilv.templatetags.ilv_format import format_number
from meetings.access import calendar_entries
from meetings.models import Decision, Meeting
from meetings.queries import meeting_minimums, with_readability
from reports.models import Action, ActionDomain, ActionPlan
from reports.queries.compliance import action_compliance

Indicator = LabourMarketFigure.Indicator

TREND_MONTHS = 24
TREND_INDICATORS = [Indicator.JOBSEEKERS, Indicator.JOBSEEKER_RATE, Indicator.VACANCIES_OPEN]


@dataclass
class Trend:
    """One indicator over the last months: the chart, and the table behind it."""

    indicator: str
    label: str
    is_percentage: bool
    points: list[tuple[datetime.date, Cell]]
    chart: Chart | None

    @property
    def known(self) -> list[tuple[datetime.date, Cell]]:
        return [(month, cell) for month, cell in self.points if cell.value is not None]


def trends(area, area_name: str, last: datetime.date, indicators=TREND_INDICATORS) -> list[Trend]:
    """``indicators`` for ``area`` (a region or a municipality) over the TREND_MONTHS months up
    to ``last``, as line charts with a text alternative (one query)."""
    months = months_until(last, TREND_MONTHS)
    series = figure_series(area, indicators, months)
    result = []
    for indicator in indicators:
        label = Indicator(indicator).label
        is_percentage = indicator in LabourMarketFigure.PERCENTAGES
        points = [(month, series[indicator].get(month, MISSING)) for month in months]
        known = [(month, cell.value) for month, cell in points if cell.value is not None]
        chart = None
        if known:
            chart = line_chart(
                [Series(label, [(month, cell.value) for month, cell in points])],
                months=months,
                title=_("%(indicator)s, %(area)s, %(first)s–%(last)s")
                % {
                    "indicator": label,
                    "area": area_name,
                    "first": f"{months[0]:%m/%Y}",
                    "last": f"{months[-1]:%m/%Y}",
                },
                description=_describe(known, is_percentage),
                unit="%" if is_percentage else _("aantal"),
                decimals=1 if is_percentage else 0,
            )
        result.append(Trend(indicator, label, is_percentage, points, chart))
    return result


def _describe(known: list[tuple[datetime.date, Decimal]], is_percentage: bool) -> str:
    """The chart in words, for whoever does not see it."""

    def say(value):
        text = format_number(value, 1 if is_percentage else 0)
        return f"{text} %" if is_percentage else text

    (first_month, first), (last_month, last) = known[0], known[-1]
    if len(known) == 1:
        return _("Enkel %(month)s is gekend: %(value)s.") % {
            "month": f"{first_month:%m/%Y}",
            "value": say(first),
        }
    low = min(known, key=lambda point: point[1])
    high = max(known, key=lambda point: point[1])
    return _(
        "Van %(first)s in %(first_month)s naar %(last)s in %(last_month)s; laagste %(low)s "
        "(%(low_month)s), hoogste %(high)s (%(high_month)s). %(known)s van de %(months)s maanden "
        "gekend."
    ) % {
        "first": say(first),
        "first_month": f"{first_month:%m/%Y}",
        "last": say(last),
        "last_month": f"{last_month:%m/%Y}",
        "low": say(low[1]),
        "low_month": f"{low[0]:%m/%Y}",
        "high": say(high[1]),
        "high_month": f"{high[0]:%m/%Y}",
        "known": len(known),
        "months": TREND_MONTHS,
    }


@dataclass
class MeasureSummary:
    """A measure's contingent at its latest allocation date on or before today."""

    measure: Measure
    date: datetime.date
    organisations: int  # holding the measure: more than 0 FTE, or "in uitdoof"
    allocated: Decimal | None  # FTE; None for a recognition without FTE (AMA welzijn)
    filled: Decimal | None  # FTE filled in the latest known quarter, summed where known
    filled_known: int  # of how many of the organisations the filled FTE is known
    phasing_out: list[str] = field(default_factory=list)  # organisations "in uitdoof"

    @property
    def filled_partly_known(self) -> bool:
        return self.filled is not None and self.filled_known < self.organisations


def contingent_summary(today: datetime.date, region: Region | None) -> list[MeasureSummary]:
    """Per measure, the contingent of the region's organisations in force at its latest
    allocation date (a query per measure and two more)."""
    measures = list(Measure.objects.select_related("successor"))
    organisations = (
        list(Organisation.objects.in_region(region).values_list("pk", flat=True))
        if region
        else None
    )
    dates = latest_dates(measures, until=today, count=1, organisations=organisations)
    summary = []
    tables = contingent_tables(
        measures=measures, dates_by_measure=dates, organisations=organisations
    )
    for table in tables:
        holding = [row for row in table.rows if holds(row.current)]
        summary.append(
            MeasureSummary(
                measure=table.measure,
                date=table.dates[-1],
                organisations=len(holding),
                allocated=table.totals[-1] if table.measure.counts_fte else None,
                filled=table.total_filled,
                filled_known=sum(1 for row in holding if row.occupancy),
                phasing_out=[row.organisation.name for row in holding if row.current.phasing_out],
            )
        )
    return summary


def overview_plan(today: datetime.date) -> ActionPlan | None:
    """This year's action plan, else the latest one before it, else the first one after (one
    query)."""
    plans = ActionPlan.objects.order_by("-year")
    return (
        plans.filter(year__lte=today.year).first()
        or ActionPlan.objects.order_by("year").filter(year__gt=today.year).first()
    )


@dataclass
class DomainProgress:
    domain: ActionDomain
    planned: int
    ongoing: int
    done: int
    dropped: int

    @property
    def total(self) -> int:
        """The actions still meant to happen or done (dropped ones no longer count)."""
        return self.planned + self.ongoing + self.done

    @property
    def done_percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def plan_progress(plan: ActionPlan) -> list[DomainProgress]:
    """Per domain of ``plan``, its actions (not the daily work) per status (one query)."""
    status = Action.Status
    specific = Q(actions__is_daily_work=False)
    domains = plan.domains.annotate(
        **{
            name: Count("actions", filter=specific & Q(actions__status=value))
            for name, value in (
                ("n_planned", status.PLANNED),
                ("n_ongoing", status.ONGOING),
                ("n_done", status.DONE),
                ("n_dropped", status.DROPPED),
            )
        }
    ).order_by("position", "pk")
    return [DomainProgress(d, d.n_planned, d.n_ongoing, d.n_done, d.n_dropped) for d in domains]


@dataclass
class Warning:
    text: str
    url: str = ""


def plan_warnings(plan: ActionPlan | None, region: Region | None) -> list[Warning]:
    """A member municipality without an action in a domain of the plan (four queries)."""
    if plan is None or region is None:
        return []
    compliance = action_compliance(plan, region)
    warnings = []
    for row in compliance.short:
        missing = [
            d.short_name for d, n in zip(compliance.domains, row.counts, strict=True) if not n
        ]
        text = ngettext(
            "%(municipality)s neemt in %(year)s aan geen enkele actie deel in het actiedomein "
            "%(domains)s.",
            "%(municipality)s neemt in %(year)s aan geen enkele actie deel in de actiedomeinen "
            "%(domains)s.",
            len(missing),
        ) % {
            "municipality": row.municipality.name,
            "year": plan.year,
            "domains": ", ".join(f"“{name}”" for name in missing),
        }
        warnings.append(
            Warning(text, url=reverse("municipalities:detail", args=[row.municipality.nis_code]))
        )
    return warnings


def meeting_warnings(year: int, region: Region | None = None) -> list[Warning]:
    """A body of ``region`` that holds or plans fewer meetings in ``year`` than its minimum (one
    query)."""
    return [
        Warning(
            ngettext(
                "%(body)s: %(count)s vergadering gehouden of gepland in %(year)s, minimum "
                "%(minimum)s.",
                "%(body)s: %(count)s vergaderingen gehouden of gepland in %(year)s, minimum "
                "%(minimum)s.",
                row.count,
            )
            % {"body": row.body.name, "count": row.count, "year": year, "minimum": row.minimum}
        )
        for row in meeting_minimums(year, region)
        if row.is_short
    ]


def contingent_warnings(summary: list[MeasureSummary]) -> list[Warning]:
    """A measure being wound down, and organisations whose contingent is "in uitdoof" (no query)."""
    warnings = []
    for row in summary:
        if row.measure.phase == Measure.Phase.PHASING_OUT:
            text = _("%(measure)s is in afbouw.") % {"measure": row.measure.name}
            if row.measure.successor:
                text = _("%(measure)s is in afbouw; de opvolger is %(successor)s.") % {
                    "measure": row.measure.name,
                    "successor": row.measure.successor.name,
                }
            warnings.append(Warning(text))
        if row.phasing_out:
            warnings.append(
                Warning(
                    _("%(measure)s: in uitdoof op %(date)s bij %(organisations)s.")
                    % {
                        "measure": row.measure.name,
                        "date": f"{row.date:%d/%m/%Y}",
                        "organisations": ", ".join(row.phasing_out),
                    }
                )
            )
    return warnings


UPCOMING_COUNT = 8
OPEN_DECISIONS_COUNT = 10


def upcoming(user, today: datetime.date) -> list[Meeting]:
    """The next UPCOMING_COUNT entries of the calendar from ``today`` on, not cancelled, each
    knowing whether ``user`` may open its page (one query). Entries held back from the public
    (an event not yet published) only for whoever edits them."""
    entries = calendar_entries(user, Meeting.objects.filter(date__gte=today, cancelled=False))
    entries = with_readability(entries, user).with_extensions().select_related("body", "host")
    return list(entries.in_calendar_order()[:UPCOMING_COUNT])


OVERDUE_WARNINGS = 5


@dataclass
class OpenDecisions:
    decisions: list[Decision]  # the first OPEN_DECISIONS_COUNT, the most urgent first
    count: int
    overdue: list[Decision]  # the first OVERDUE_WARNINGS past their due date
    overdue_count: int


def open_decisions(user, today: datetime.date) -> OpenDecisions:
    """The decisions still to be followed up at the meetings ``user`` may read, those with the
    earliest due date first, and the overdue ones (three queries)."""
    readable = Decision.objects.to_follow_up().readable_by(user).listed_most_urgent_first()
    counts = readable.aggregate(total=Count("pk"), late=Count("pk", filter=Q(due_date__lt=today)))
    return OpenDecisions(
        decisions=list(readable[:OPEN_DECISIONS_COUNT]),
        count=counts["total"],
        overdue=list(readable.filter(due_date__lt=today)[:OVERDUE_WARNINGS]),
        overdue_count=counts["late"],
    )


def decision_warnings(decisions: OpenDecisions) -> list[Warning]:
    """A decision past its due date, the first few by name (no query)."""
    warnings = [
        Warning(
            _("De termijn van een beslissing van %(meeting)s is verstreken (%(due)s): %(text)s")
            % {
                "meeting": decision.meeting,
                "due": f"{decision.due_date:%d/%m/%Y}",
                "text": Truncator(decision.text).chars(80),
            },
            url=decision.meeting.get_absolute_url(),
        )
        for decision in decisions.overdue
    ]
    more = decisions.overdue_count - len(decisions.overdue)
    if more > 0:
        warnings.append(
            Warning(
                ngettext(
                    "Nog %(count)s beslissing over haar termijn.",
                    "Nog %(count)s beslissingen over hun termijn.",
                    more,
                )
                % {"count": more},
                url=reverse("meetings:decisions") + "?te_laat=on",
            )
        )
    return warnings
