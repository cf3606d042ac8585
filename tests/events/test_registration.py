"""The registration rules: capacity, waiting list, last in first out, one per round, e-mails."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from events.models import Registration, SessionChoice
from events.services import (
    AlreadyRegistered,
    RegistrationError,
    capacity_changed,
    registration_cancel,
    registration_change,
    registration_create,
)
from tests.events.conftest import register, session

pytestmark = pytest.mark.django_db

SEAT, WAIT = SessionChoice.Status.CONFIRMED, SessionChoice.Status.WAITING


def statuses(number):
    """{participant name: status} of workshop ``number``."""
    return dict(session(number).choices.values_list("registration__name", "status").order_by("pk"))


def fill(event, number, count, other=5, **kwargs):
    return [
        register(event, number if number <= 4 else 1, number if number > 4 else other, **kwargs)
        for _ in range(count)
    ]


def test_a_registration_gets_a_seat_per_round_and_a_confirmation(
    netwerkdag, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(netwerkdag, 1, 8, name="Els Peeters", email="Els.Peeters@Bornem.be")
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.email == "els.peeters@bornem.be"
    assert [c.status for c in registration.choices.all()] == [SEAT, SEAT]
    [message] = mail.outbox
    assert message.to == ["els.peeters@bornem.be"]
    assert message.subject == "Je inschrijving voor Netwerkdag sociale economie"
    assert (
        "Reeks 1 (13:30–15:00): Sociale clausules bij overheidsopdrachten, Spoor 95 – "
        "je hebt een plaats" in message.body
    )
    assert (
        "Reeks 2 (15:15–16:45): Toelichting beslissingsboom, Zaal 4+5 – je hebt een plaats"
        in message.body
    )
    assert "http://127.0.0.1:8000" + registration.get_absolute_url() in message.body
    assert "&amp;" not in message.body


@pytest.mark.parametrize(
    "numbers, message",
    [((1, 2), "Kies per reeks één workshop"), ((1,), "Kies een workshop in elke reeks")],
)
def test_one_workshop_per_round_in_every_round(netwerkdag, numbers, message):
    with pytest.raises(RegistrationError, match=message):
        registration_create(
            event=netwerkdag,
            name="X",
            email="x@example.be",
            organisation_name="X",
            organisation_type="other",
            sessions=[session(n) for n in numbers],
        )
    assert not Registration.objects.exists()


def test_a_full_workshop_refuses_unless_the_waiting_list_is_accepted(netwerkdag):
    fill(netwerkdag, 4, 11)  # "Lokale diensteneconomie": max. 11
    with pytest.raises(RegistrationError, match="intussen volzet: “Lokale diensteneconomie"):
        register(netwerkdag, 4, 5, name="Twaalfde")
    assert not Registration.objects.filter(name="Twaalfde").exists()
    late = register(netwerkdag, 4, 5, name="Twaalfde", join_waiting_list=True)
    assert {c.session.number: c.status for c in late.choices.all()} == {4: WAIT, 5: SEAT}
    assert session(4).choices.filter(status=SEAT).count() == 11


def test_a_full_event_puts_new_registrations_on_the_waiting_list(netwerkdag):
    netwerkdag.capacity = 2
    netwerkdag.save()
    fill(netwerkdag, 1, 2)
    with pytest.raises(RegistrationError, match="evenement is intussen volzet"):
        register(netwerkdag, 1, 5)
    waiting = register(netwerkdag, 1, 5, join_waiting_list=True)
    assert waiting.status == Registration.Status.WAITING
    assert {c.status for c in waiting.choices.all()} == {WAIT}


def test_second_registration_with_the_same_address_sends_the_same_link_again(
    netwerkdag, django_capture_on_commit_callbacks
):
    first = register(netwerkdag, 1, 5, email="an@duffel.be")
    link = first.get_absolute_url()
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(AlreadyRegistered, match="persoonlijke link opnieuw"),
    ):
        register(netwerkdag, 2, 6, email=" AN@Duffel.be ")
    assert Registration.objects.count() == 1
    first.refresh_from_db()
    # Someone else typing this address must not switch off the owner's link.
    assert first.get_absolute_url() == link
    assert [c.session.number for c in first.choices.order_by("round__number")] == [1, 5]
    [message] = mail.outbox
    assert message.to == ["an@duffel.be"]
    assert link in message.body
    assert "geen tweede inschrijving" in message.body


def test_registration_closes_at_the_deadline_but_not_for_the_regisseur(netwerkdag):
    netwerkdag.registration_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    netwerkdag.save()
    with pytest.raises(RegistrationError, match="afgesloten"):
        register(netwerkdag, 1, 5)
    assert register(netwerkdag, 1, 5, by_staff=True).added_by_staff


def test_cancelling_gives_the_seat_to_the_first_on_the_waiting_list(
    netwerkdag, django_capture_on_commit_callbacks
):
    holders = fill(netwerkdag, 4, 11)
    first_waiting = register(netwerkdag, 4, 5, name="Eerste wachtende", join_waiting_list=True)
    register(netwerkdag, 4, 5, name="Tweede wachtende", join_waiting_list=True)
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=holders[3])
    assert statuses(4)["Eerste wachtende"] == SEAT
    assert statuses(4)["Tweede wachtende"] == WAIT
    assert session(4).choices.filter(status=SEAT).count() == 11
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert (
        subjects[first_waiting.email]
        == "Er is een plaats voor je vrijgekomen: Netwerkdag sociale economie"
    )
    assert (
        subjects[holders[3].email]
        == "Je inschrijving voor Netwerkdag sociale economie is geannuleerd"
    )
    holders[3].refresh_from_db()
    assert holders[3].status == Registration.Status.CANCELLED and not holders[3].choices.exists()


def test_lowering_a_capacity_moves_the_last_in_to_the_waiting_list(
    netwerkdag, django_capture_on_commit_callbacks
):
    people = fill(netwerkdag, 3, 15)  # "Samenwerken werkt!": max. 15
    workshop = session(3)
    workshop.capacity = 12
    workshop.save()
    with django_capture_on_commit_callbacks(execute=True):
        changes = capacity_changed(event=netwerkdag, sessions=[workshop])
    last_three = {p.pk for p in people[-3:]}
    assert set(changes.demoted) == last_three
    assert {p.pk for p in people if statuses(3)[p.name] == WAIT} == last_three
    assert len(mail.outbox) == 3
    assert all(
        m.subject == "Je staat op de wachtlijst: Netwerkdag sociale economie" for m in mail.outbox
    )
    assert "last in, first out" in mail.outbox[0].body

    workshop.capacity = 13  # the rules relax again: the first of the three gets back in
    workshop.save()
    capacity_changed(event=netwerkdag, sessions=[workshop])
    assert statuses(3)[people[-3].name] == SEAT
    assert statuses(3)[people[-2].name] == WAIT


def test_lowering_the_event_capacity_frees_their_workshop_seats_for_others(netwerkdag):
    netwerkdag.capacity = 3
    netwerkdag.save()
    a, b, c = fill(netwerkdag, 4, 3)
    workshop = session(4)
    workshop.capacity = 2
    workshop.save()
    capacity_changed(event=netwerkdag, sessions=[workshop])  # c waits for workshop 4
    netwerkdag.capacity = 2
    netwerkdag.save()
    changes = capacity_changed(event=netwerkdag)  # c (last in) loses the event seat
    c.refresh_from_db()
    assert c.status == Registration.Status.WAITING and c.pk in changes.demoted
    assert {x.status for x in c.choices.all()} == {WAIT}
    # A waiting registration never takes a workshop seat, even when one is free.
    workshop.capacity = 3
    workshop.save()
    capacity_changed(event=netwerkdag, sessions=[workshop])
    assert statuses(4)[c.name] == WAIT


def test_changing_a_workshop_frees_the_old_seat(netwerkdag):
    holders = fill(netwerkdag, 4, 11)
    waiting = register(netwerkdag, 4, 5, name="Wachtende", join_waiting_list=True)
    mover = holders[0]
    registration_change(
        registration=mover, sessions=[session(1), session(5)], extras=[], shipping_address=""
    )
    assert statuses(1)[mover.name] == SEAT
    assert statuses(4)[waiting.name] == SEAT
    with pytest.raises(RegistrationError, match="intussen volzet"):
        registration_change(
            registration=mover, sessions=[session(4), session(5)], extras=[], shipping_address=""
        )


def test_a_cancelled_address_may_register_again(netwerkdag):
    first = register(netwerkdag, 1, 5, email="terug@example.be")
    registration_cancel(registration=first)
    again = register(netwerkdag, 2, 6, email="terug@example.be")
    assert again.pk == first.pk and again.status == Registration.Status.CONFIRMED
    assert [c.session.number for c in again.choices.order_by("round__number")] == [2, 6]


def test_a_maximum_lowered_after_the_form_was_loaded_still_counts(netwerkdag):
    stale = session(4)  # as the form loaded it: max. 11
    for _ in range(9):
        register(netwerkdag, 4, 5)
    workshop = session(4)
    workshop.capacity = 9
    workshop.save()
    capacity_changed(event=netwerkdag, sessions=[workshop])
    with pytest.raises(RegistrationError, match="intussen volzet"):
        registration_create(
            event=netwerkdag,
            name="Te laat",
            email="te.laat@example.be",
            organisation_name="X",
            organisation_type="stakeholder",
            sessions=[stale, session(5)],
        )
    assert session(4).choices.filter(status=SEAT).count() == 9


def test_who_joins_a_waiting_list_later_waits_behind_those_already_waiting(netwerkdag):
    holders = fill(netwerkdag, 4, 11)
    early_waiter = register(netwerkdag, 4, 5, name="Wacht al lang", join_waiting_list=True)
    switcher = holders[0]  # registered first of all, but moves to workshop 4's list only now...
    registration_change(
        registration=switcher, sessions=[session(1), session(5)], extras=[], shipping_address=""
    )  # ...after giving up its seat there, which goes to the one waiting
    assert statuses(4)[early_waiter.name] == SEAT
    late = register(netwerkdag, 1, 5, name="Later wachtende")
    registration_change(
        registration=late,
        sessions=[session(4), session(5)],
        extras=[],
        shipping_address="",
        join_waiting_list=True,
    )
    registration_change(
        registration=switcher,
        sessions=[session(4), session(5)],
        extras=[],
        shipping_address="",
        join_waiting_list=True,
    )
    registration_cancel(registration=holders[1])
    assert statuses(4)[late.name] == SEAT  # joined the list before the switcher did
    assert statuses(4)[switcher.name] == WAIT


def test_removing_the_event_maximum_lets_everyone_waiting_in(netwerkdag):
    netwerkdag.capacity = 1
    netwerkdag.save()
    register(netwerkdag, 1, 5)
    waiting = [register(netwerkdag, 1, 5, join_waiting_list=True) for _ in range(3)]
    netwerkdag.capacity = None
    netwerkdag.save()
    changes = capacity_changed(event=netwerkdag)
    assert set(changes.promoted) == {w.pk for w in waiting}
    assert Registration.objects.filter(status=Registration.Status.WAITING).count() == 0
    assert session(1).choices.filter(status=SEAT).count() == 4


def test_the_personal_link_is_the_same_every_time(netwerkdag):
    registration = register(netwerkdag, 1, 5)
    first = registration.get_absolute_url()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=3)):
        assert Registration.objects.get(pk=registration.pk).get_absolute_url() == first
