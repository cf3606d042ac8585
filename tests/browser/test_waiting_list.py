"""Someone on a waiting list sees their place in line, moves up when a seat frees, and gives the
seat back through the link in the mail, which passes it to the next in line."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event, Registration, Session
from events.services import registration_cancel, registration_create


@pytest.fixture
def full_workshop(transactional_db, demo_data):
    event = Event.objects.get(slug="netwerkdag-sociale-economie-2020")
    event.registration_closes_at = timezone.now() + datetime.timedelta(days=7)
    event.save()
    Session.objects.filter(event=event, number=4).update(capacity=1)
    return event


def someone(event, number, name, *, waiting=False):
    return registration_create(
        event=event,
        name=name,
        email=f"{name.split()[0].lower()}@example.be",
        organisation_name="Stad Lier",
        organisation_type="local_authority",
        sessions=list(Session.objects.filter(event=event, number__in=[number, 5])),
        join_waiting_list=waiting,
    )


def link_in(message) -> str:
    return re.search(r"http://\S+/inschrijving/\S+/", message.body).group(0)


def test_join_the_waiting_list_see_the_place_move_up_and_give_the_seat_back(
    live_server, page, full_workshop
):
    holder = someone(full_workshop, 4, "Jan Smets")
    page.goto(live_server.url + f"/evenementen/{full_workshop.slug}/inschrijven/")
    page.get_by_label("Naam").fill("Els Peeters")
    page.get_by_label("E-mailadres").fill("els.peeters@bornem.be")
    page.get_by_label(re.compile(r"^Organisatie")).fill("Gemeente Bornem")
    page.get_by_label("Lokaal bestuur").check()
    page.get_by_label(re.compile(r"^4\. Lokale diensteneconomie.*volzet")).check()
    page.get_by_label(re.compile(r"^8\. Toelichting beslissingsboom")).check()
    page.get_by_label(re.compile(r"^Is een gekozen workshop")).check()
    page.get_by_label("Ik ga akkoord met de privacyverklaring.").check()
    page.get_by_role("button", name="Inschrijven").click()
    expect(page.get_by_role("heading", name="Kijk in je mailbox")).to_be_visible()
    after_els = someone(full_workshop, 4, "Ann Claes", waiting=True)

    page.goto(link_in(mail.outbox[-2]))  # Els's confirmation
    expect(page.get_by_text("wachtlijst: je bent de eerste")).to_be_visible()
    expect(page.get_by_role("button", name="Overstappen")).to_be_visible()

    mail.outbox.clear()
    registration_cancel(registration=holder, site_url=live_server.url)
    [promoted] = [m for m in mail.outbox if m.to == ["els.peeters@bornem.be"]]
    assert "Er is een plaats voor je vrijgekomen" in promoted.subject
    give_back = re.search(r"http://\S+/teruggeven/", promoted.body).group(0)
    page.goto(give_back)
    expect(page.get_by_role("heading", name="Je plaats teruggeven?")).to_be_visible()
    page.get_by_role("button", name="Ja, geef mijn plaats terug").click()
    expect(page.get_by_text("gaat naar wie er het langst op wacht")).to_be_visible()
    expect(page.get_by_text("geen workshop in deze reeks")).to_be_visible()
    after_els.refresh_from_db()
    assert after_els.choices.get(session__number=4).status == "confirmed"
    assert Registration.objects.get(email="els.peeters@bornem.be").choices.count() == 1
