import datetime
import hashlib

from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Max
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import condition, require_safe

from actors.models import Body
from ilv.exports import chosen_filters, csv_response
from ilv.params import whole_number
from meetings.access import READ, calendar_entries, readable_meetings_q
from meetings.filters import DecisionFilter, MeetingFilter
from meetings.models import Attachment, Decision, Meeting
from meetings.queries import (
    calendar_years,
    consultations,
    coordinator_contacts,
    default_year,
    ical_feed,
    meeting_detail,
    meeting_minimums,
    with_readability,
    year_calendar,
)


@require_safe
@permission_required(READ, raise_exception=True)
def calendar(request):
    """The year calendar in the spirit of Annex 3, with the minimum meetings per body."""
    filterset = MeetingFilter(
        request.GET or None, queryset=with_readability(calendar_entries(request.user), request.user)
    )
    years = calendar_years()
    year = _chosen_year(request, years)
    valid = filterset.is_bound and filterset.form.is_valid()
    context = {
        "filterset": filterset,
        "year": year,
        "years": years,
        "calendar": year_calendar(filterset.qs, year),
        "minimums": meeting_minimums(year),
        "consultations": consultations(year),
        "contacts": coordinator_contacts(year),
        "body": filterset.form.cleaned_data.get("orgaan") if valid else None,
    }
    return render(request, "meetings/calendar.html", context)


@require_safe
@permission_required(READ, raise_exception=True)
def calendar_csv(request):
    """The year's calendar with the same filter, as a CSV whose first line names the year and
    the filter. Dates, times and places only: what the iCal feed publishes anyway."""
    filterset = MeetingFilter(request.GET or None, queryset=calendar_entries(request.user))
    year = _chosen_year(request, calendar_years())
    calendar = year_calendar(filterset.qs, year)
    header = [_("Datum"), _("Begin"), _("Einde"), _("Vergadering of moment"), _("Orgaan")]
    header += [_("Plaats"), _("Geannuleerd")]
    entries = [e for month in calendar.months for e in month.entries] + calendar.undated
    rows = [
        [
            entry.date.strftime("%d/%m/%Y") if entry.has_fixed_day else entry.date_label,
            entry.start_time.strftime("%H:%M") if entry.start_time else "",
            entry.end_time.strftime("%H:%M") if entry.end_time else "",
            entry.display_title,
            entry.body.name if entry.body_id else "",
            entry.place,
            _("ja") if entry.cancelled else _("nee"),
        ]
        for entry in entries
    ]
    filters = [(_("Jaar"), str(year)), *chosen_filters(filterset)]
    return csv_response(f"kalender-{year}.csv", header, rows, filters=filters)


def _chosen_year(request, years):
    chosen = whole_number(request.GET.get("jaar"), minimum=1901, maximum=2199)
    return chosen or default_year(years, timezone.localdate())


DECISIONS_PER_PAGE = 50


def _decisions(request):
    """The filter and the decisions it selects among those of meetings the user may read."""
    decisions = Decision.objects.readable_by(request.user).listed_most_urgent_first()
    return DecisionFilter(request.GET, queryset=decisions)


@require_safe
@permission_required(READ, raise_exception=True)
def decisions(request):
    """Every decision of the bodies the user reads, by default those still to be followed up,
    the most urgent first."""
    filterset = _decisions(request)
    page = Paginator(filterset.qs, DECISIONS_PER_PAGE).get_page(request.GET.get("pagina"))
    context = {
        "filterset": filterset,
        "page": page,
        "today": timezone.localdate(),
    }
    return render(request, "meetings/decisions.html", context)


@require_safe
@permission_required(READ, raise_exception=True)
def decisions_csv(request):
    filterset = _decisions(request)
    header = [_("Vergadering"), _("Datum"), _("Beslissing"), _("Opvolging door"), _("Tegen")]
    header += [_("Status"), _("Afgehandeld op")]
    rows = [
        [
            decision.meeting.display_title,
            decision.meeting.date_label,
            decision.text,
            decision.follow_up_owner.name if decision.follow_up_owner_id else "",
            f"{decision.due_date:%d/%m/%Y}" if decision.due_date else "",
            decision.get_status_display(),
            f"{decision.done_on:%d/%m/%Y}" if decision.done_on else "",
        ]
        for decision in filterset.qs
    ]
    return csv_response("beslissingen.csv", header, rows, filters=chosen_filters(filterset))


@require_safe
@permission_required(READ, raise_exception=True)
def meeting(request, pk):
    """A meeting's agenda, decisions, minutes, attendance and attachments, for whoever may read
    it (meetings.access). A meeting the reader may not read answers 404, exactly like one that
    does not exist: a member of one body does not learn what another body met about."""
    try:
        detail = meeting_detail(pk, user=request.user)
    except Meeting.DoesNotExist:
        raise Http404 from None
    return render(request, "meetings/meeting.html", {"meeting": detail.meeting, "detail": detail})


@require_safe
@permission_required(READ, raise_exception=True)
def attachment(request, pk):
    """Attachments are served only through this view, as downloads, to whoever may read their
    meeting (meetings.access); to anyone else 404, as for the meeting's page."""
    document = get_object_or_404(
        Attachment.objects.filter(readable_meetings_q(request.user, prefix="meeting__")), pk=pk
    )
    try:
        handle = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=document.original_name)


# The public feeds reach this far back: a calendar app needs what comes and the recent past,
# not every meeting ever held.
FEED_DAYS_BACK = 366
# How long a feed written for a tag is kept (a change that the tag cannot see, such as a body's
# new name, shows after this).
FEED_CACHE_SECONDS = 600


def _feed_meetings(body_id=None):
    """The published entries of the feed's window, of one body or all (no query yet)."""
    since = timezone.localdate() - datetime.timedelta(days=FEED_DAYS_BACK)
    meetings = Meeting.objects.published().filter(date__gte=since)
    return meetings if body_id is None else meetings.filter(body_id=body_id)


def _feed_state(request, body_id=None) -> dict:
    """When the feed's entries last changed, and a tag that moves with any change, addition or
    removal in its window (one query, read once per request)."""
    if not hasattr(request, "_feed_state"):
        state = _feed_meetings(body_id).aggregate(
            changed=Max("updated_at"), count=Count("pk"), last=Max("pk")
        )
        window = timezone.localdate() - datetime.timedelta(days=FEED_DAYS_BACK)
        state["etag"] = hashlib.sha256(
            f"{window}|{state['changed']}|{state['count']}|{state['last']}".encode()
        ).hexdigest()[:32]
        request._feed_state = state
    return request._feed_state


@require_safe
@login_not_required
@condition(
    etag_func=lambda request, body_id=None: _feed_state(request, body_id)["etag"],
    last_modified_func=lambda request, body_id=None: _feed_state(request, body_id)["changed"],
)
def feed(request, body_id=None):
    """The public iCalendar feed: dates, times and places only, never minutes or decisions,
    from FEED_DAYS_BACK days ago on. A calendar app that asks again with the ETag or date it got
    hears 304 until something changed."""
    name = "ILV regie sociale economie"
    if body_id is not None:
        body = get_object_or_404(Body, pk=body_id)
        name = f"{name}: {body.name}"
    domain = request.get_host().split(":")[0]
    # The feed as written for this tag: every calendar app asks again every few hours.
    key = f"meetings:feed:{body_id}:{domain}:{_feed_state(request, body_id)['etag']}"
    content = cache.get(key)
    if content is None:
        meetings = _feed_meetings(body_id).defer("minutes")
        content = ical_feed(meetings, name=name, domain=domain)
        cache.set(key, content, timeout=FEED_CACHE_SECONDS)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="vergaderingen.ics"'
    return response
