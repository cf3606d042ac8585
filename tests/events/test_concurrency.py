"""No workshop is ever over capacity and no free seat is left to someone in line, also when many
people register, give back, switch and cancel at the same moment; a job started twice at once
sends each reminder once.

This needs real row locks, so it runs against PostgreSQL (the second pass of .ci/run); SQLite
serialises all writes by itself and has no SELECT ... FOR UPDATE to test.
"""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from events.models import Event, Registration, Session, SessionChoice
from events.reminders import reminders_send
from events.services import (
    RegistrationError,
    capacity_changed,
    choice_give_up,
    choice_switch,
    registration_cancel,
    registration_create,
)
from tests.events.conftest import register, session

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


def _at_once(*jobs):
    """Run every job in its own thread and connection at the same instant; the errors they
    raised other than a refusal (a deadlock, an integrity error) are returned."""
    start = threading.Barrier(len(jobs))
    errors = []

    def run(job):
        try:
            start.wait()
            job()
        except RegistrationError:
            pass
        except Exception as exc:  # noqa: BLE001 (collected and asserted empty)
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def assert_capacity_rules(event):
    """No workshop over its maximum, and none with a free seat while someone can take it."""
    for workshop in Session.objects.with_seats().filter(event=event):
        assert workshop.taken <= workshop.capacity, workshop
        if workshop.taken < workshop.capacity:
            assert not workshop.choices.in_line().exists(), workshop


def test_give_backs_switches_cancellations_and_a_lowered_maximum_racing_registrations(
    netwerkdag,
):
    """Everything that frees or takes a seat, at once: the rules hold when the dust settles."""
    holders = [register(netwerkdag, 4, 5) for _ in range(11)]
    waiting = [register(netwerkdag, 4, 6, join_waiting_list=True) for _ in range(6)]
    workshop = session(4)

    def lower_the_maximum():
        Session.objects.filter(pk=workshop.pk).update(capacity=8)
        capacity_changed(event=netwerkdag, sessions=[workshop])

    jobs = [
        *(lambda r=r: choice_give_up(registration=r, round_number=1) for r in holders[:3]),
        *(lambda r=r: registration_cancel(registration=r) for r in holders[3:5]),
        *(lambda r=r: choice_switch(registration=r, session=session(1)) for r in waiting[:3]),
        *(lambda r=r: choice_give_up(registration=r, round_number=1) for r in waiting[3:4]),
        *(
            lambda i=i: registration_create(
                event=netwerkdag,
                name=f"Nieuw {i}",
                email=f"nieuw{i}@example.be",
                organisation_name="Gemeente Putte",
                organisation_type="local_authority",
                sessions=[session(4), session(5)],
                join_waiting_list=True,
            )
            for i in range(8)
        ),
        lower_the_maximum,
    ]
    assert _at_once(*jobs) == []
    assert_capacity_rules(netwerkdag)
    assert Session.objects.with_seats().get(pk=workshop.pk).taken == 8
    for registration in waiting[:3]:
        assert registration.choices.get(round__number=1).session == session(1)
    assert not waiting[3].choices.filter(round__number=1).exists()


def test_the_reminder_job_started_twice_at_once_reminds_each_person_once(netwerkdag, settings):
    settings.SITE_URL = "https://regie.example.be"
    people = [register(netwerkdag, 1, 5) for _ in range(12)]
    Event.objects.filter(pk=netwerkdag.pk).update(
        date=timezone.localdate() + datetime.timedelta(days=2)
    )
    mail.outbox.clear()
    today = timezone.localdate()
    assert _at_once(*[lambda: reminders_send(today=today)] * 2) == []
    reminders = [m.to[0] for m in mail.outbox if m.subject.startswith("Herinnering:")]
    assert sorted(reminders) == sorted(p.email for p in people)
