"""Read models of events: the programme with places left, and the list of events."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from events.models import Event, Registration, Round, Session, SessionChoice


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


@dataclass
class ChoiceRow:
    """One round of a registration as its personal page shows it."""

    round: Round
    choice: object | None  # the SessionChoice, or None when the round was given up
    position: int | None  # place in line on the workshop's waiting list
    alternatives: list[SessionInfo]  # other workshops of the round with free places


def registration_overview(registration, program: list[ProgramRound]) -> list[ChoiceRow]:
    """Per round: the workshop, the place in line when waiting, and workshops with a free place
    to switch to (two queries, plus one per workshop being waited for)."""
    choices = {
        c.round_id: c
        for c in registration.choices.select_related("session", "round").order_by("round__number")
    }
    rows = []
    for program_round in program:
        choice = choices.get(program_round.round.pk)
        position = None
        if choice is not None and choice.status == SessionChoice.Status.WAITING:
            confirmed = registration.status == Registration.Status.CONFIRMED
            position = _place_in_line(choice) if confirmed else None
        alternatives = [
            info
            for info in program_round.sessions
            if info.places_left > 0 and (choice is None or info.session.pk != choice.session_id)
        ]
        rows.append(ChoiceRow(program_round.round, choice, position, alternatives))
    return rows


def _place_in_line(choice) -> int:
    """1 for the first to get the next free seat: waiting longest, among those with a place at
    the event (the order in which the registration service promotes)."""
    ahead = (
        SessionChoice.objects.in_line()
        .filter(session_id=choice.session_id)
        .filter(
            Q(waiting_since__lt=choice.waiting_since)
            | Q(waiting_since=choice.waiting_since, pk__lt=choice.pk)
        )
    )
    return ahead.count() + 1


def event_place_in_line(registration) -> int | None:
    """For a registration waiting for a place at the event itself: its place in line."""
    if registration.status != Registration.Status.WAITING:
        return None
    ahead = registration.event.registrations.in_line().filter(
        Q(registered_at__lt=registration.registered_at)
        | Q(registered_at=registration.registered_at, pk__lt=registration.pk)
    )
    return ahead.count() + 1


def session_demotions(session: Session, capacity: int) -> list[Registration]:
    """Who would lose their seat in ``session`` with ``capacity``: the last ones in (LIFO)."""
    excess = Session.objects.with_seats().get(pk=session.pk).taken - capacity
    if excess <= 0:
        return []
    last_in = session.choices.last_in_first().select_related("registration")[:excess]
    return [choice.registration for choice in last_in]


def event_demotions(event: Event, capacity: int | None) -> list[Registration]:
    """Who would lose their place at ``event`` with ``capacity``: the last ones in (LIFO)."""
    if capacity is None:
        return []
    excess = event.seats_taken() - capacity
    if excess <= 0:
        return []
    return list(event.registrations.last_in_first()[:excess])
