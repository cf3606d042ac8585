"""Read models of events: the programme with places left, and the list of events."""

import datetime
from dataclasses import dataclass

from events.models import Event, Round, Session


@dataclass
class SessionInfo:
    session: Session
    taken: int
    waiting: int

    @property
    def places_left(self) -> int:
        return max(0, self.session.capacity - self.taken)

    @property
    def is_full(self) -> bool:
        return self.places_left == 0


@dataclass
class ProgramRound:
    round: Round
    sessions: list[SessionInfo]


def event_program(event) -> list[ProgramRound]:
    """Rounds with their workshops, speakers and seats taken (two queries)."""
    sessions = (
        Session.objects.filter(event=event)
        .with_seats()
        .select_related("round")
        .prefetch_related("speakers")
        .order_by("round__number", "number")
    )
    program: list[ProgramRound] = []
    for session in sessions:
        if not program or program[-1].round.pk != session.round_id:
            program.append(ProgramRound(session.round, []))
        program[-1].sessions.append(SessionInfo(session, session.taken, session.waiting))
    return program


def places_left(program: list[ProgramRound]) -> dict[int, int]:
    return {info.session.pk: info.places_left for r in program for info in r.sessions}


def event_places_left(event) -> int | None:
    """Places left at the event as a whole, None when it has no maximum (one query)."""
    if event.capacity is None:
        return None
    return max(0, event.capacity - event.seats_taken())


def events_listing(today: datetime.date):
    """Published events: coming ones first (soonest first), then past ones (latest first)."""
    events = list(Event.objects.published().order_by("date", "start_time"))
    coming = [e for e in events if e.date >= today]
    past = [e for e in reversed(events) if e.date < today]
    return coming + past
