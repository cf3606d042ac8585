"""Writes of the events app: registrations, changes, cancellations and capacity changes.

Registration rules (DESIGN.md): a registration holds at most one workshop per round; no workshop
and no event is ever over capacity, also under concurrent requests; when a capacity is lowered the
last ones in (LIFO) move to the waiting list and are told so; when a seat frees, the first on the
waiting list (by registration time) gets it and is told so; the form closes at the deadline.

Every registration write runs in one transaction that first locks the event row, so writes for one
event are serialised on PostgreSQL, counts cannot go stale between the check and the insert, and
``_rebalance`` restores the capacity rules before the transaction commits. E-mails never go out
for a write that rolls back: with the mail queue on (production) they are written to the outbox in
the write's own transaction, so the registration and its mail are saved together or not at all;
delivered at once (development), they go on commit.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import emails
from events.links import new_nonce
from events.models import Event, EventExtra, Registration, Session, SessionChoice


class RegistrationError(Exception):
    """A registration that cannot be made or changed; ``message`` is Dutch and shown as is."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class AlreadyRegistered(RegistrationError):
    """This e-mail address is registered for the event; the personal link was sent again (at
    most once an hour). The public form answers as for a new registration."""


@dataclass
class Changes:
    """Who got a seat and who lost one in a write, to tell them by e-mail."""

    promoted: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))
    demoted: dict[int, list[str]] = field(default_factory=lambda: defaultdict(list))


# How often the personal link is sent again to an address that registers twice.
LINK_RESEND = datetime.timedelta(hours=1)


def _lines(text: str) -> str:
    """Multi-line input as stored: "\n" between lines (browsers send "\r\n"), no outer blanks."""
    return "\n".join(line.rstrip() for line in text.strip().splitlines())


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


def check_choices(event: Event, sessions: list[Session], *, every_round: bool = True) -> None:
    """Workshops of this event, never two in one round; at registration one in every round (a
    registration may later give a round up)."""
    rounds = set(event.rounds.values_list("pk", flat=True))
    chosen = [s.round_id for s in sessions]
    if any(s.event_id != event.pk for s in sessions) or len(set(chosen)) != len(chosen):
        raise RegistrationError(
            _("Kies per reeks één workshop van dit evenement."), field="choices"
        )
    missing = rounds - set(chosen)
    if every_round and missing:
        raise RegistrationError(_("Kies een workshop in elke reeks."), field="choices")


def availability(event: Event, sessions: list[Session]) -> tuple[bool, list[Session]]:
    """Whether the event is full, and which of ``sessions`` are, counted now."""
    event_full = event.capacity is not None and event.seats_taken() >= event.capacity
    return event_full, [s for s in _reread(sessions) if s.taken >= s.capacity]


def check_places(
    event: Event, sessions: list[Session], *, join_waiting_list: bool
) -> tuple[list[Session], bool, list[Session]]:
    """The checks of a new registration, for the site and the admin alike: the chosen workshops
    as they are now, whether the event is full, and which of them are. Raises
    ``RegistrationError`` for wrong choices, or for full ones without the waiting list."""
    sessions = _reread(sessions)  # a maximum lowered since the form was filled in counts
    check_choices(event, sessions)
    event_full, full = availability(event, sessions)
    if (event_full or full) and not join_waiting_list:
        raise RegistrationError(full_message(event_full, full), field="choices")
    return sessions, event_full, full


def full_message(event_full: bool, full: list[Session]) -> str:
    """What to tell someone whose choice is full; the waiting list is theirs to accept."""
    if event_full:
        return _(
            "Het evenement is intussen volzet. Vink aan dat je op de wachtlijst wilt, dan krijg je "
            "bericht zodra er een plaats vrijkomt."
        )
    names = ", ".join(f"“{s.title}”" for s in full)
    return _(
        "Deze workshop is intussen volzet: %(names)s. Kies een andere workshop, of vink aan dat "
        "je op de wachtlijst wilt."
    ) % {"names": names}


def registration_create(
    *,
    event: Event,
    name: str,
    email: str,
    organisation_name: str,
    organisation_type: str,
    sessions: list[Session],
    extras: list[EventExtra] = (),
    shipping_address: str = "",
    join_waiting_list: bool = False,
    by_staff: bool = False,
    site_url: str | None = None,
) -> Registration:
    """Register one person: a seat in each chosen workshop, or the waiting list if they accept.

    Raises ``AlreadyRegistered`` (after sending the personal link again) for a known address, and
    ``RegistrationError`` when the form is closed or a choice is full and the waiting list was not
    accepted. Nothing is saved in those cases.
    """
    email = email.strip().lower()
    now = timezone.now()
    duplicate = None
    with transaction.atomic():
        event = _lock(event)
        if not by_staff and not event.registration_is_open(now):
            raise RegistrationError(_("De inschrijvingen voor dit evenement zijn afgesloten."))
        # The same checks for a known and a new address, before telling them apart: otherwise a
        # full workshop would answer "volzet" to a stranger and "check your mailbox" to an
        # address that is registered, and the form would tell who is.
        sessions, event_full, full = check_places(
            event, sessions, join_waiting_list=join_waiting_list
        )
        existing = event.registrations.filter(email__iexact=email).first()
        if existing and existing.is_active:
            # The same link again, not a new one: a stranger typing this address must not be
            # able to switch off the link its owner has; and at most one such mail an hour, so
            # the form cannot be used to flood someone's mailbox.
            recently = existing.link_resent_at and now - existing.link_resent_at < LINK_RESEND
            if not recently:
                existing.link_resent_at = now
                existing.save(update_fields=["link_resent_at"])
                emails.with_the_write(
                    lambda: emails.send_link_again(existing.pk, site_url=site_url)
                )
            duplicate = existing
        else:
            registration = _create(
                event,
                existing,  # a cancelled registration of this address starts over
                now=now,
                name=name,
                email=email,
                organisation_name=organisation_name,
                organisation_type=organisation_type,
                sessions=sessions,
                full=full if not event_full else sessions,
                event_full=event_full,
                extras=extras,
                shipping_address=shipping_address,
                by_staff=by_staff,
                site_url=site_url,
            )
    if duplicate is not None:
        raise AlreadyRegistered(
            _(
                "Met dit e-mailadres ben je al ingeschreven. We stuurden je persoonlijke link "
                "opnieuw naar dat adres; daarmee kun je je inschrijving wijzigen of annuleren."
            ),
            field="email",
        )
    return registration


def _create(
    event, existing, *, now, sessions, full, event_full, extras, site_url, **data
) -> Registration:
    """The insert of ``registration_create``, inside its transaction with the event locked and
    its choices checked: a seat in each workshop not in ``full``."""
    registration = existing or Registration(event=event)
    registration.name = data["name"].strip()
    registration.email = data["email"]
    registration.organisation_name = data["organisation_name"].strip()
    registration.organisation_type = data["organisation_type"]
    registration.shipping_address = _lines(data["shipping_address"])
    registration.added_by_staff = data["by_staff"]
    registration.status = (
        Registration.Status.WAITING if event_full else Registration.Status.CONFIRMED
    )
    registration.registered_at = now
    registration.confirmed_at = None if event_full else now
    registration.cancelled_at = None
    registration.consented_at = now
    registration.link_nonce = new_nonce()
    try:
        registration.full_clean(exclude=["link_nonce"], validate_unique=False)
    except ValidationError as exc:
        raise RegistrationError(" ".join(exc.messages)) from None
    registration.save()
    registration.extras.set(extras)
    registration.choices.all().delete()
    for session in sessions:
        _choose(registration, session, seat=session not in full, now=now)
    emails.with_the_write(lambda: emails.send_confirmation(registration.pk, site_url=site_url))
    return registration


def _choose(registration, session, *, seat: bool, now) -> SessionChoice:
    """The registration's workshop in its round: a seat, or the end of the waiting list."""
    return SessionChoice.objects.create(
        registration=registration,
        session=session,
        round_id=session.round_id,
        status=SessionChoice.Status.CONFIRMED if seat else SessionChoice.Status.WAITING,
        confirmed_at=now if seat else None,
        waiting_since=None if seat else now,
    )


def _reread(sessions: list[Session]) -> list[Session]:
    """The chosen workshops as they are now, with their seats taken: read after the event lock,
    since a capacity may have changed since the form was filled in."""
    fresh = Session.objects.with_seats().in_bulk([s.pk for s in sessions])
    return [fresh[s.pk] for s in sessions if s.pk in fresh]


def registration_change(
    *,
    registration: Registration,
    sessions: list[Session] | None,
    extras: list[EventExtra] | None,
    shipping_address: str | None,
    join_waiting_list: bool = False,
    switch_to: Session | None = None,
    site_url: str | None = None,
) -> Registration:
    """Change workshops and order through the personal link. A workshop kept keeps its seat; a
    new one gets a seat if free, else the waiting list (if accepted); a seat given up goes to the
    first on that workshop's waiting list. ``None`` keeps the workshops, orders or address as
    they are once the event is locked; ``switch_to`` replaces only that workshop's round."""
    now = timezone.now()
    with transaction.atomic():
        event = _lock(registration.event)
        registration = event.registrations.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            raise RegistrationError(_("Deze inschrijving werd geannuleerd."))
        if not event.registration_is_open(now):
            raise RegistrationError(
                _("De inschrijvingen zijn afgesloten; neem contact op met de organisator.")
            )
        current = {c.round_id: c for c in registration.choices.select_related("session")}
        if sessions is None:
            sessions = [c.session for c in current.values()]
        if switch_to is not None:
            sessions = [s for s in sessions if s.round_id != switch_to.round_id] + [switch_to]
        if extras is None:
            extras = list(registration.extras.all())
        if shipping_address is None:
            shipping_address = registration.shipping_address
        sessions = _reread(sessions)
        check_choices(event, sessions, every_round=False)
        added = [
            s
            for s in sessions
            if current.get(s.round_id) is None or current[s.round_id].session_id != s.pk
        ]
        confirmed = registration.status == Registration.Status.CONFIRMED
        full = [s for s in added if s.taken >= s.capacity]
        if (full or not confirmed) and added and not join_waiting_list:
            raise RegistrationError(full_message(not confirmed, full), field="choices")
        freed = []
        kept_rounds = {s.round_id for s in sessions}
        for round_id, old in current.items():
            if round_id not in kept_rounds:  # this round given up: its seat goes to the next
                freed.append(old.session)
                old.delete()
        for session in added:
            old = current.get(session.round_id)
            if old is not None:
                freed.append(old.session)
                old.delete()
            _choose(registration, session, seat=confirmed and session not in full, now=now)
        registration.shipping_address = _lines(shipping_address)
        registration.save(update_fields=["shipping_address"])
        registration.extras.set(extras)
        changes = _rebalance(event, freed)
        _notify(changes, site_url)
        emails.with_the_write(
            lambda: emails.send_confirmation(registration.pk, changed=True, site_url=site_url)
        )
    return registration


def choice_give_up(
    *, registration: Registration, round_number: int, site_url: str | None = None
) -> None:
    """Give back the seat of one round's workshop, or leave its waiting list: the next in line
    gets the seat, and is told so. Also after the deadline, when a seat matters most."""
    with transaction.atomic():
        event = _lock(registration.event)
        registration = event.registrations.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            raise RegistrationError(_("Deze inschrijving werd geannuleerd."))
        choice = (
            registration.choices.select_related("session")
            .filter(round__number=round_number)
            .first()
        )
        if choice is None:
            raise RegistrationError(_("Je hebt geen workshop in die reeks."))
        choice.delete()
        changes = _rebalance(event, [choice.session])
        _notify(changes, site_url)
        emails.with_the_write(
            lambda: emails.send_confirmation(registration.pk, changed=True, site_url=site_url)
        )


def choice_switch(
    *, registration: Registration, session: Session, site_url: str | None = None
) -> Registration:
    """Move to another workshop of the same round, one with a free place (from a waiting list,
    say); the other rounds, the orders and the address stay as they are, as they are when the
    event is locked (a seat given back a moment before is not taken again)."""
    return registration_change(
        registration=registration,
        sessions=None,
        switch_to=session,
        extras=None,
        shipping_address=None,
        site_url=site_url,
    )


def registration_cancel(
    *, registration: Registration, site_url: str | None = None, mail: bool = True
) -> None:
    """Cancel a registration; its seats go to the first on the waiting lists. ``mail=False`` for
    a cancellation that is part of erasing the registration: no mail may keep the address."""
    with transaction.atomic():
        event = _lock(registration.event)
        registration = event.registrations.select_for_update().get(pk=registration.pk)
        if not registration.is_active:
            return
        freed = [c.session for c in registration.choices.select_related("session")]
        registration.choices.all().delete()
        registration.status = Registration.Status.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.confirmed_at = None
        registration.save(update_fields=["status", "cancelled_at", "confirmed_at"])
        changes = _rebalance(event, freed)
        _notify(changes, site_url)
        if mail:
            emails.with_the_write(lambda: emails.send_cancelled(registration.pk, site_url=site_url))


def capacity_changed(
    *, event: Event, sessions: list[Session] = (), site_url: str | None = None
) -> Changes:
    """After the regisseur changed the event's or some workshops' maximum: apply LIFO or FIFO."""
    with transaction.atomic():
        event = _lock(event)
        changes = _rebalance(event, list(sessions))
        _notify(changes, site_url)
    return changes


def _rebalance(event: Event, sessions: list[Session]) -> Changes:
    """Restore the capacity rules of ``event`` and of ``sessions`` (the event row is locked).

    Over capacity: the last ones who got a seat lose it (LIFO). Under capacity with people
    waiting: the first in line get it (FIFO: by registration time for the event, by waiting time
    for a workshop). Only registrations with a seat at the event can hold a workshop seat.
    """
    changes = Changes()
    now = timezone.now()
    touched = {s.pk: s for s in sessions}
    if event.capacity is None:  # no maximum (any more): nobody waits for the event
        free, excess = None, 0
    else:
        excess = event.seats_taken() - event.capacity
        free = max(-excess, 0)
    for registration in event.registrations.last_in_first()[: max(excess, 0)]:
        registration.status, registration.confirmed_at = Registration.Status.WAITING, None
        registration.save(update_fields=["status", "confirmed_at"])
        for choice in registration.choices.seats():
            touched.setdefault(choice.session_id, choice.session)
            _to_waiting(choice)
        changes.demoted[registration.pk].append(event.title)
    promoted = event.registrations.in_line()
    for registration in promoted if free is None else promoted[:free]:
        registration.status, registration.confirmed_at = Registration.Status.CONFIRMED, now
        registration.save(update_fields=["status", "confirmed_at"])
        changes.promoted[registration.pk].append(event.title)
        for choice in registration.choices.select_related("session"):
            touched.setdefault(choice.session_id, choice.session)
    for session in sorted(touched.values(), key=lambda s: s.pk):
        _rebalance_session(session, changes, now)
    return changes


def _rebalance_session(session: Session, changes: Changes, now: datetime.datetime) -> None:
    session = Session.objects.with_seats().get(pk=session.pk)  # its maximum and seats as now
    excess = session.taken - session.capacity
    for choice in session.choices.last_in_first()[: max(excess, 0)]:
        _to_waiting(choice)
        changes.demoted[choice.registration_id].append(session.title)
    if excess < 0:
        for choice in session.choices.in_line()[:-excess]:
            choice.status, choice.confirmed_at = SessionChoice.Status.CONFIRMED, now
            choice.waiting_since = None
            choice.save(update_fields=["status", "confirmed_at", "waiting_since"])
            changes.promoted[choice.registration_id].append(session.title)


def _to_waiting(choice: SessionChoice) -> None:
    """Back to the waiting list, in line from when the seat was taken: who had it, waits longest."""
    choice.waiting_since = choice.confirmed_at
    choice.status, choice.confirmed_at = SessionChoice.Status.WAITING, None
    choice.save(update_fields=["status", "confirmed_at", "waiting_since"])


def _notify(changes: Changes, site_url: str | None) -> None:
    for pk, what in changes.promoted.items():
        emails.with_the_write(
            lambda pk=pk, what=tuple(what): emails.send_promoted(pk, what, site_url=site_url)
        )
    for pk, what in changes.demoted.items():
        emails.with_the_write(
            lambda pk=pk, what=tuple(what): emails.send_demoted(pk, what, site_url=site_url)
        )


def event_copy(
    *,
    event: Event,
    slug: str,
    title: str,
    date: datetime.date,
    registration_closes_at: datetime.datetime,
    intro: str | None = None,
) -> Event:
    """A new event with the programme of ``event`` (rounds, workshops, speakers, extras) on
    another day, open for registration, without its registrations. Runs in one transaction."""
    with transaction.atomic():
        copy = Event.objects.get(pk=event.pk)
        copy.pk = copy.id = copy.meeting_ptr_id = None
        copy._state.adding = True
        copy.slug, copy.title, copy.date = slug, title, date
        copy.registration_closes_at = registration_closes_at
        copy.registration_enabled = True
        copy.cancelled = False
        if intro is not None:
            copy.intro = intro
        copy.full_clean()
        copy.save()
        rounds = {}
        for round_ in event.rounds.all():
            original = round_.pk
            round_.pk, round_.event = None, copy
            round_.save()
            rounds[original] = round_
        for session in event.sessions.prefetch_related("speakers"):
            speakers = list(session.speakers.all())
            session.pk, session.event, session.round = None, copy, rounds[session.round_id]
            session.save()
            for speaker in speakers:
                speaker.pk, speaker.session = None, session
                speaker.save()
        for extra in event.extras.all():
            extra.pk, extra.event = None, copy
            extra.save()
    return copy
