"""Three rules of the registration service that a change could break without anyone noticing;
each test here fails when its rule is broken."""

import datetime

import pytest
from django.utils import timezone

from events.models import Registration, SessionChoice
from events.services import capacity_changed, registration_cancel
from tests.events.conftest import register, session

pytestmark = pytest.mark.django_db


def test_a_seat_freed_at_a_full_event_goes_to_who_waited_longest(netwerkdag, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    netwerkdag.capacity = 2
    netwerkdag.save()
    holders = [register(netwerkdag, 1, 5), register(netwerkdag, 2, 6)]
    time_machine.shift(datetime.timedelta(minutes=1))
    first_waiting = register(netwerkdag, 3, 7, join_waiting_list=True)
    time_machine.shift(datetime.timedelta(minutes=1))
    second_waiting = register(netwerkdag, 1, 5, join_waiting_list=True)
    assert {first_waiting.status, second_waiting.status} == {Registration.Status.WAITING}

    registration_cancel(registration=holders[0])
    first_waiting.refresh_from_db()
    second_waiting.refresh_from_db()
    assert first_waiting.status == Registration.Status.CONFIRMED
    assert second_waiting.status == Registration.Status.WAITING


def test_a_rebalance_with_a_stale_workshop_honours_a_maximum_lowered_meanwhile(netwerkdag):
    people = [register(netwerkdag, 4, 5) for _ in range(11)]
    stale = session(4)  # read by someone who opened the form before the maximum changed
    lowered = session(4)
    lowered.capacity = 9
    lowered.save()
    capacity_changed(event=netwerkdag, sessions=[lowered])
    # The other person's save still carries the old maximum in memory.
    capacity_changed(event=netwerkdag, sessions=[stale])
    seats = SessionChoice.objects.filter(session=lowered, status=SessionChoice.Status.CONFIRMED)
    assert seats.count() == 9
    assert set(seats.values_list("registration_id", flat=True)) == {p.pk for p in people[:9]}
