"""Who may read a meeting's page: its agenda, decisions, minutes, attendance and attachments.

- the regisseur (whoever may change meetings) reads every meeting;
- a meeting of a body is read by the people who sit in that body today
  (``actors.access.bodies_of``): a former member no longer reads it, a new member reads the
  body's earlier meetings too;
- an entry without a body (a visit, an employers' breakfast, an event) is read by every reader
  with ``meetings.view_meeting``.

The calendar itself lists every entry (dates and titles are public in the iCal feed anyway) but
links only to what the reader may open. This module is the one place the rule is written; pages,
attachments and the overview's lists of decisions all filter through it.
"""

from django.db.models import Q

from actors.access import bodies_of
from meetings.models import Meeting

EDIT = "meetings.change_meeting"
READ = "meetings.view_meeting"


def readable_meetings_q(user, *, prefix: str = "") -> Q:
    """The rule as a filter on meetings, or on a model that points at one through ``prefix``
    (``"meeting__"`` for decisions, agenda items, attachments). Adds no query of its own: the
    bodies are a subquery, the permissions are those the request already read."""
    if not user.is_authenticated or not user.has_perm(READ):
        return Q(pk__in=[])
    if user.has_perm(EDIT):
        return Q()
    return Q(**{f"{prefix}body__isnull": True}) | Q(**{f"{prefix}body__in": bodies_of(user)})


def readable_meetings(user, queryset=None):
    """The meetings ``user`` may read, from ``queryset`` (all meetings by default)."""
    queryset = Meeting.objects.all() if queryset is None else queryset
    return queryset.filter(readable_meetings_q(user))


def calendar_entries(user, queryset=None):
    """The calendar's entries for ``user``, from ``queryset`` (all entries by default): what is
    held back from the public (an event not yet published) only for whoever edits the
    calendar."""
    queryset = Meeting.objects.all() if queryset is None else queryset
    return queryset if user.has_perm(EDIT) else queryset.published()
