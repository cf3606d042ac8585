"""People on a waiting list see their place in line, leave it, switch to a free workshop, and
give back a seat they no longer need."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from events.models import Registration, SessionChoice
from events.services import (
    RegistrationError,
    choice_give_up,
    choice_switch,
    registration_cancel,
    registration_change,
)
from tests.events.conftest import register, session

pytestmark = pytest.mark.django_db


def token(registration) -> str:
    return registration.get_absolute_url().rstrip("/").rsplit("/", 1)[-1]


@pytest.fixture
def full(netwerkdag):
    """Workshop 4 has one seat, taken; three people wait for it, in this order."""
    workshop = session(4)
    workshop.capacity = 1
    workshop.save()
    holder = register(netwerkdag, 4, 5)
    waiting = [register(netwerkdag, 4, 5, join_waiting_list=True) for _ in range(3)]
    return holder, waiting


def test_each_sees_their_place_in_line(client, full):
    _holder, waiting = full
    for place, registration in enumerate(waiting, start=1):
        html = client.get(registration.get_absolute_url()).content.decode()
        expected = "wachtlijst: je bent de eerste" if place == 1 else f"wachtlijst: plaats {place}"
        assert expected in html


def test_leaving_the_list_moves_the_others_up(client, full, django_capture_on_commit_callbacks):
    _holder, waiting = full
    url = reverse("events:give_back", args=[waiting[0].event.slug, token(waiting[0]), 1])
    assert "De wachtlijst verlaten?" in client.get(url).content.decode()
    response = client.post(url, follow=True)
    assert "Je staat niet meer op de wachtlijst van" in response.content.decode()
    assert "geen workshop in deze reeks" in response.content.decode()
    html = client.get(waiting[1].get_absolute_url()).content.decode()
    assert "wachtlijst: je bent de eerste" in html


def test_moving_up_brings_a_link_that_gives_the_seat_to_the_next(
    client, full, django_capture_on_commit_callbacks
):
    holder, waiting = full
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=holder)
    [promoted] = [m for m in mail.outbox if m.to == [waiting[0].email]]
    give_back = reverse("events:give_back", args=[holder.event.slug, token(waiting[0]), 1])
    assert give_back in promoted.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(give_back)
    assert waiting[1].choices.get(round__number=1).status == SessionChoice.Status.CONFIRMED
    assert not waiting[0].choices.filter(round__number=1).exists()
    assert {m.to[0] for m in mail.outbox} == {waiting[0].email, waiting[1].email}


def test_giving_back_a_seat_works_after_the_deadline(full):
    holder, waiting = full
    event = holder.event
    event.registration_closes_at = timezone.now() - datetime.timedelta(hours=1)
    event.save()
    choice_give_up(registration=holder, round_number=1)
    assert waiting[0].choices.get(round__number=1).status == SessionChoice.Status.CONFIRMED


def test_switching_to_a_workshop_with_free_places(client, full):
    _holder, waiting = full
    url = reverse("events:switch", args=[waiting[2].event.slug, token(waiting[2])])
    html = client.get(waiting[2].get_absolute_url()).content.decode()
    assert "Of kies een workshop met vrije plaatsen" in html
    response = client.post(url, {"workshop": session(2).pk}, follow=True)
    assert "Je hebt nu een plaats in" in response.content.decode()
    choice = waiting[2].choices.get(round__number=1)
    assert (choice.session, choice.status) == (session(2), SessionChoice.Status.CONFIRMED)
    assert "kies een workshop van dit evenement" in (
        client.post(url, {"workshop": "abc"}, follow=True).content.decode().lower()
    )


def test_switching_to_a_full_workshop_is_refused_in_dutch(full):
    holder, waiting = full
    other = session(2)
    other.capacity = 1
    other.save()
    register(holder.event, 2, 6)
    with pytest.raises(RegistrationError, match="Deze workshop is intussen volzet"):
        choice_switch(registration=waiting[0], session=other)
    assert waiting[0].choices.get(round__number=1).session == session(4)


def test_a_change_after_the_deadline_says_why_it_was_refused(client, netwerkdag):
    registration = register(netwerkdag, 1, 5)
    netwerkdag.registration_closes_at = timezone.now() - datetime.timedelta(minutes=5)
    netwerkdag.save()
    response = client.post(
        registration.get_absolute_url(), {"reeks_1": session(2).pk, "reeks_2": session(5).pk}
    )
    html = response.content.decode()
    assert "De inschrijvingen zijn afgesloten sinds" in html
    assert "wijzigen kan niet meer" in html
    assert registration.choices.get(round__number=1).session == session(1)


@pytest.mark.parametrize("field", ["name", "organisation_name"])
@pytest.mark.parametrize("breaking", ["\r\n", "\n", "\x85", "\u2028", "\u2029", "\x0b"])
def test_names_are_one_line(client, netwerkdag, field, breaking):
    form = reverse("events:register", args=[netwerkdag.slug])
    data = {
        "name": "Els Peeters",
        "email": "els@bornem.be",
        "organisation_name": "Gemeente Bornem",
        "organisation_type": "local_authority",
        "reeks_1": session(1).pk,
        "reeks_2": session(5).pk,
        "consent": "on",
    }
    data[field] = data[field].replace(" ", breaking)
    html = client.post(form, data).content.decode()
    assert "Gebruik één regel, zonder regeleinden." in html
    assert not Registration.objects.exists()


def test_a_personal_link_names_no_id(netwerkdag):
    registration = register(netwerkdag, 1, 5)
    readable, _signature = token(registration).split(":")
    assert readable == registration.link_nonce and len(readable) >= 40


def test_the_event_page_shows_how_to_register_near_the_top(client, netwerkdag):
    html = client.get(netwerkdag.get_absolute_url()).content.decode()
    register_link = reverse("events:register", args=[netwerkdag.slug])
    assert html.index(register_link) < html.index('id="programma"')


def test_the_admin_list_shows_seats_waits_and_book_orders(regisseur_client, full):
    holder, _waiting = full
    holder.extras.add(holder.event.extras.get())
    html = regisseur_client.get(reverse("admin:events_registration_changelist")).content.decode()
    assert "1: 4. Lokale diensteneconomie (LDE) op maat van jouw gemeente – plaats" in html
    assert "1: 4. Lokale diensteneconomie (LDE) op maat van jouw gemeente – wachtlijst" in html
    assert holder.event.extras.get().name in html
    assert "Netwerkdag sociale economie (29/10/2020)" in html  # the event by its title and day


def test_the_admin_shows_a_waiting_list_in_the_order_seats_will_go(
    regisseur_client, netwerkdag, time_machine
):
    """Registered first but in line later: the attendance list and the participants list put
    who waited longest first, as the service serves them, not who registered first."""
    time_machine.move_to(timezone.now(), tick=False)
    workshop = session(4)
    workshop.capacity = 1
    workshop.save()
    register(netwerkdag, 4, 5, name="Mia Houder")
    early = register(netwerkdag, 1, 5, name="Aa Vroeg")  # a seat elsewhere, for now
    time_machine.shift(datetime.timedelta(minutes=1))
    register(netwerkdag, 4, 5, name="Zz Wachtend", join_waiting_list=True)
    time_machine.shift(datetime.timedelta(minutes=1))
    registration_change(
        registration=early,
        sessions=[session(4), session(5)],
        extras=[],
        shipping_address="",
        join_waiting_list=True,
    )
    sheet = reverse("admin:events_session_sheet", args=[workshop.pk])
    html = regisseur_client.get(sheet).content.decode()
    waiting_part = html.split("Wachtlijst", 1)[1]
    assert waiting_part.index("Zz Wachtend") < waiting_part.index("Aa Vroeg")
    participants = reverse("admin:events_sessionchoice_changelist")
    html = regisseur_client.get(participants, {"session__id__exact": workshop.pk}).content.decode()
    assert html.index("Mia Houder") < html.index("Zz Wachtend") < html.index("Aa Vroeg")


def test_a_workshop_with_participants_stays_in_its_round(regisseur_client, netwerkdag):
    register(netwerkdag, 4, 5)
    workshop = session(4)
    other_round = session(5).round
    workshop.round = other_round
    with pytest.raises(ValidationError, match="heeft al deelnemers"):
        workshop.full_clean()
    empty = session(3)
    assert not empty.choices.exists()
    empty.round = other_round
    empty.full_clean()  # without choices it may still move
