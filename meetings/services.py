"""Writes of the meetings app: attendance lists, the follow-up of decisions."""

import datetime

from django.db import transaction

from meetings.models import Attendance, Decision, Meeting


def attendance_prepare(*, meeting: Meeting) -> int:
    """Put every member of the body on the meeting's date on its attendance list; returns how
    many were added. Members already on the list keep what was filled in."""
    with transaction.atomic():
        listed = set(meeting.attendance.values_list("person_id", flat=True))
        members = meeting.members_on_date().values_list("person_id", flat=True).distinct()
        new = [Attendance(meeting=meeting, person_id=pk) for pk in members if pk not in listed]
        for attendance in new:
            attendance.full_clean()
            attendance.save()  # one by one, so the history records who did it
    return len(new)


def decisions_mark_done(*, decisions, on: datetime.date) -> int:
    """Mark the open ones among ``decisions`` as done on ``on``; returns how many. Decisions
    already done keep the day they were done."""
    with transaction.atomic():
        # Only the decision rows are locked: without its default ordering and joins, PostgreSQL
        # may lock the query (FOR UPDATE refuses the nullable side of an outer join).
        locked = decisions.open().select_related(None).order_by("pk")
        marked = list(locked.select_for_update(of=("self",)))
        for decision in marked:
            decision.status = Decision.Status.DONE
            decision.done_on = on
            decision.full_clean()
            decision.save()  # one by one, so the history records who did it
    return len(marked)
