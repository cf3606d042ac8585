"""A visitor registers for the Netwerkdag through the real form and cancels through the link."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from events.models import Event, Registration


@pytest.fixture
def open_event(transactional_db, demo_data):
    event = Event.objects.get(slug="netwerkdag-sociale-economie-2020")
    event.registration_closes_at = timezone.now() + datetime.timedelta(days=7)
    event.save()
    return event


def test_register_with_the_book_then_cancel_through_the_personal_link(
    live_server, page, open_event
):
    page.goto(live_server.url + "/evenementen/")
    page.get_by_role("link", name="Netwerkdag sociale economie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Netwerkdag sociale economie")
    page.get_by_role("link", name="Ik wil me inschrijven").last.click()

    page.get_by_label("Naam").fill("Els Peeters")
    page.get_by_label("E-mailadres").fill("els.peeters@bornem.be")
    page.get_by_label(re.compile(r"^Organisatie")).fill("Gemeente Bornem")
    page.get_by_label("Lokaal bestuur").check()
    page.get_by_label(re.compile(r"^4\. Lokale diensteneconomie")).check()
    page.get_by_label(re.compile(r"^8\. Toelichting beslissingsboom")).check()
    page.get_by_label(re.compile(r"^Boek ‘Aan de slag")).check()
    page.get_by_role("button", name="Inschrijven").click()

    # Forgot the address and the consent: the form says so and keeps what was typed.
    expect(page.get_by_role("alert")).to_contain_text("nog niet bewaard")
    expect(page.get_by_text("Geef een verzendadres op")).to_be_visible()
    expect(page.get_by_label("Naam")).to_have_value("Els Peeters")
    expect(page.get_by_label(re.compile(r"^4\. Lokale diensteneconomie"))).to_be_checked()
    page.get_by_label("Verzendadres").fill("Kerkstraat 1\n2880 Bornem")
    page.get_by_label("Ik ga akkoord met de privacyverklaring.").check()
    page.get_by_role("button", name="Inschrijven").click()

    expect(page.get_by_role("heading", name="Kijk in je mailbox")).to_be_visible()
    registration = Registration.objects.get(email="els.peeters@bornem.be")
    assert registration.shipping_address == "Kerkstraat 1\n2880 Bornem"

    [confirmation] = mail.outbox
    link = re.search(r"http://\S+/inschrijving/\S+/", confirmation.body).group(0)
    assert link.startswith(live_server.url)  # the address the site is actually served on
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Inschrijving van Els Peeters")
    workshop = page.get_by_role("cell", name=re.compile(r"^Lokale diensteneconomie \(LDE\)"))
    expect(workshop).to_be_visible()
    page.get_by_role("link", name="Ik kan niet komen: annuleer mijn inschrijving").click()
    page.get_by_label("Ja, ik annuleer mijn inschrijving.").check()
    page.get_by_role("button", name="Mijn inschrijving annuleren").click()
    expect(page.get_by_text("Je inschrijving is geannuleerd.")).to_be_visible()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_on_a_phone_the_way_to_register_is_on_the_first_screen(live_server, page, open_event):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + open_event.get_absolute_url())
    button = page.get_by_role("link", name="Ik wil me inschrijven").first
    expect(button).to_be_visible()
    box = button.bounding_box()
    assert box["y"] + box["height"] <= 740
    button.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Inschrijven")
