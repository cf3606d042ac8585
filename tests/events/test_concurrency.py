"""No workshop is ever over capacity, also when many people register at the same moment.

This needs real row locks, so it runs against PostgreSQL (the second pass of .ci/run); SQLite
serialises all writes by itself and has no SELECT ... FOR UPDATE to test.
"""

import threading

import pytest
from django.db import connection, connections

from events.models import Registration, SessionChoice
from events.services import RegistrationError, registration_create
from tests.events.conftest import session

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are tested on PostgreSQL"
    ),
]

PEOPLE = 30


def race(event, *, join_waiting_list):
    """PEOPLE threads register at the same instant for workshop 4 (11 places) and workshop 5."""
    workshop, other = session(4), session(5)
    start = threading.Barrier(PEOPLE)
    outcomes = []

    def attempt(i):
        try:
            start.wait()
            registration_create(
                event=event,
                name=f"Gelijktijdig {i}",
                email=f"gelijktijdig{i}@example.be",
                organisation_name="Gemeente Putte",
                organisation_type="local_authority",
                sessions=[workshop, other],
                join_waiting_list=join_waiting_list,
            )
            outcomes.append("registered")
        except RegistrationError:
            outcomes.append("refused")
        except Exception as exc:  # noqa: BLE001 (a deadlock or integrity error fails the test)
            outcomes.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, workshop


def test_thirty_at_once_for_eleven_places_gives_eleven_seats_and_nineteen_waiting(netwerkdag):
    outcomes, workshop = race(netwerkdag, join_waiting_list=True)
    assert outcomes.count("registered") == PEOPLE, outcomes
    seats = workshop.choices.filter(status=SessionChoice.Status.CONFIRMED).count()
    waiting = workshop.choices.filter(status=SessionChoice.Status.WAITING).count()
    assert (seats, waiting) == (11, 19)
    assert Registration.objects.filter(status=Registration.Status.CONFIRMED).count() == PEOPLE


def test_thirty_at_once_without_waiting_list_refuses_nineteen(netwerkdag):
    outcomes, workshop = race(netwerkdag, join_waiting_list=False)
    assert sorted(outcomes) == ["refused"] * 19 + ["registered"] * 11, outcomes
    assert workshop.choices.filter(status=SessionChoice.Status.CONFIRMED).count() == 11
    assert Registration.objects.count() == 11
