"""Read models of the meetings app: the year calendar, minimum meetings per body, the iCal feed,
and the consultations and contacts of a year (Tabel 8 and 9 of the report)."""

import datetime
import zoneinfo
from dataclasses import dataclass, field

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext as _

from actors.models import Body
from meetings.access import readable_meetings, readable_meetings_q
from meetings.models import (
    Attendance,
    ConsultationParticipation,
    CoordinatorContact,
    Decision,
    Meeting,
    MinutesVersion,
)

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


def calendar_years() -> list[int]:
    """Every year with at least one calendar entry, oldest first (one query)."""
    return [d.year for d in Meeting.objects.dates("date", "year")]


def default_year(years: list[int], today: datetime.date) -> int:
    """This year if it has entries, else the latest earlier year with some, else the first."""
    if not years or today.year in years:
        return today.year
    earlier = [y for y in years if y < today.year]
    return max(earlier) if earlier else min(years)


@dataclass
class CalendarMonth:
    month: datetime.date
    entries: list[Meeting]


@dataclass
class YearCalendar:
    year: int
    months: list[CalendarMonth] = field(default_factory=list)
    undated: list[Meeting] = field(default_factory=list)  # only the year is known

    @property
    def is_empty(self) -> bool:
        return not self.months and not self.undated


def with_readability(meetings: QuerySet[Meeting], user) -> QuerySet[Meeting]:
    """Annotate ``is_readable``: whether ``user`` may open the entry's page (no extra query)."""
    rule = readable_meetings_q(user)
    if not rule:  # the regisseur reads everything
        return meetings.annotate(is_readable=Value(True))
    return meetings.annotate(is_readable=Case(When(rule, then=Value(True)), default=Value(False)))


def year_calendar(meetings: QuerySet[Meeting], year: int) -> YearCalendar:
    """The entries of ``year`` grouped by month, fixed days before "Tb." (one query)."""
    calendar = YearCalendar(year)
    entries = meetings.in_year(year).select_related("body", "host").in_calendar_order()
    for meeting in entries:
        if meeting.date_precision == Meeting.Precision.YEAR:
            calendar.undated.append(meeting)
            continue
        month = meeting.date.replace(day=1)
        if not calendar.months or calendar.months[-1].month != month:
            calendar.months.append(CalendarMonth(month, []))
        calendar.months[-1].entries.append(meeting)
    return calendar


@dataclass
class BodyMinimum:
    body: Body
    count: int
    minimum: int

    @property
    def missing(self) -> int:
        return max(0, self.minimum - self.count)

    @property
    def is_short(self) -> bool:
        return self.missing > 0

    @property
    def is_pro_rata(self) -> bool:
        """The body started this year: its minimum counts the months since then."""
        return self.minimum != self.body.min_meetings_per_year


def meeting_minimums(year: int, region=None) -> list[BodyMinimum]:
    """Bodies with a minimum number of meetings in ``year`` and how many they hold or plan (one
    query); with ``region``, that region's bodies and those of no region. Only meetings of the
    body count (not its visits or events), and a body is checked from the year it starts
    (``Body.minimum_in``)."""
    bodies = Body.objects.filter(min_meetings_per_year__gt=0)
    if region is not None:
        bodies = bodies.filter(Q(region=region) | Q(region__isnull=True))
    bodies = bodies.annotate(
        held_or_planned=Count(
            "meetings",
            filter=Q(
                meetings__date__year=year,
                meetings__cancelled=False,
                meetings__kind=Meeting.Kind.MEETING,
            ),
        )
    )
    rows = []
    for body in bodies.order_by("name"):
        minimum = body.minimum_in(year)
        if minimum is not None:
            rows.append(BodyMinimum(body, body.held_or_planned, minimum))
    return rows


def consultations(year: int) -> list[ConsultationParticipation]:
    """External structural consultations the region took part in (Tabel 8), in entry order."""
    return list(
        ConsultationParticipation.objects.filter(year=year).select_related("body").order_by("pk")
    )


def coordinator_contacts(year: int) -> list[CoordinatorContact]:
    """Bilateral contacts with other coordinators (Tabel 9), in entry order."""
    return list(
        CoordinatorContact.objects.filter(year=year)
        .select_related("person", "person__organisation")
        .order_by("pk")
    )


@dataclass
class MeetingDetail:
    meeting: Meeting
    decisions: list[Decision]
    # Open decisions of the body's previous meeting, followed up at this one.
    follow_ups: list[Decision]
    minutes_version: MinutesVersion | None

    @property
    def approval(self) -> Decision | None:
        return self.meeting.approval_of_minutes


def meeting_detail(pk: int, *, user) -> MeetingDetail:
    """One meeting that ``user`` may read, with everything its page shows, in seven queries
    whatever the number of rows: the meeting (with the decision approving its minutes), its
    agenda, decisions, attendance, attachments, the open decisions it follows up and the
    history of its minutes (their version). Raises
    ``Meeting.DoesNotExist`` when there is no such meeting or ``user`` may not read it."""
    decisions = Decision.objects.select_related(
        "agenda_item", "follow_up_owner", "approves_minutes_of__body", "approves_minutes_of__host"
    )
    meeting = (
        readable_meetings(user)
        .select_related(
            "body",
            "host",
            "minutes_approval__meeting__body",
            "minutes_approval__meeting__host",
        )
        .with_extensions()
        .prefetch_related(
            "agenda",
            "attachments",
            Prefetch("attendance", Attendance.objects.select_related("person")),
            Prefetch("decisions", decisions),
        )
        .get(pk=pk)
    )
    follow_ups = list(
        Decision.objects.to_follow_up()
        .followed_up_at(meeting)
        .select_related("agenda_item", "follow_up_owner", "meeting__body", "meeting__host")
        .order_by("due_date", "meeting__date", "agenda_item__position", "pk")
    )
    version = meeting.minutes_versions() if meeting.minutes else None
    return MeetingDetail(meeting, list(meeting.decisions.all()), follow_ups, version)


def ical_feed(meetings: QuerySet[Meeting], *, name: str, domain: str) -> bytes:
    """An RFC 5545 calendar of the meetings with a fixed day; "Tb." entries are left out."""
    from icalendar import Calendar
    from icalendar import Event as IcalEvent

    calendar = Calendar()
    calendar.add("prodid", "-//ILV regie sociale economie//vergaderingen//NL")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Brussels")
    entries = (
        meetings.with_fixed_day().select_related("body", "host").order_by("date", "start_time")
    )
    for meeting in entries:
        event = IcalEvent()
        event.add("uid", f"vergadering-{meeting.pk}@{domain}")
        event.add("dtstamp", meeting.updated_at.astimezone(datetime.UTC))
        event.add("summary", meeting.display_title)
        if meeting.start_time:
            start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=BRUSSELS)
            end_time = (
                meeting.end_time
                or (
                    datetime.datetime.combine(meeting.date, meeting.start_time)
                    + datetime.timedelta(hours=2)
                ).time()
            )
            event.add("dtstart", start)
            event.add("dtend", datetime.datetime.combine(meeting.date, end_time, tzinfo=BRUSSELS))
        else:  # a whole day: DTEND is the day after (exclusive)
            event.add("dtstart", meeting.date)
            event.add("dtend", meeting.date + datetime.timedelta(days=1))
        location = ", ".join(
            filter(None, [meeting.host.name if meeting.host else "", meeting.place])
        )
        if location:
            event.add("location", location)
        if meeting.cancelled:
            event.add("status", "CANCELLED")
            event["summary"] = _("Geannuleerd: %(title)s") % {"title": meeting.display_title}
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
