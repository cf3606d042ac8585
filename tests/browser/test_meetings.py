"""A beheerscomité member opens the calendar, filters it by body and opens a meeting; the
regisseur enters a new meeting with its agenda and decisions in one go."""

import datetime

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from actors.models import Body, Membership, Person
from ilv import roles
from meetings.models import Meeting
from tests.conftest import PASSWORD


@pytest.fixture
def member(transactional_db, django_user_model, demo_data):
    """A login whose person sits in the beheerscomité."""
    user = django_user_model.objects.create_user(username="an", password=PASSWORD)
    person = Person.objects.create(name="An Lid", user=user)
    Membership.objects.create(person=person, body=Body.objects.get(name="Beheerscomité ILV"))
    return user


@pytest.fixture
def regisseur_user(transactional_db, django_user_model, demo_data):
    user = django_user_model.objects.create_user(username="guido", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=roles.REGISSEUR))
    return user


def log_in(page, username):
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)


def test_open_the_calendar_filter_by_body_and_open_a_meeting(live_server, page, member):
    page.goto(live_server.url + "/vergaderingen/?jaar=2022")
    log_in(page, "an")
    page.get_by_role("button", name="Aanmelden").click()

    expect(page.get_by_role("heading", name="Jaarkalender 2022")).to_be_visible()
    expect(page.get_by_role("link", name="Ontbijtsessie werkgevers stad Lier")).to_be_visible()
    # Listed, but not a link: the stuurgroep's meetings are for its members.
    expect(page.get_by_role("link", name="Stuurgroep ILV", exact=True)).to_have_count(0)

    page.get_by_label("Orgaan").select_option(label="Beheerscomité ILV")
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_role("heading", name="Beheerscomité ILV", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Ontbijtsessie werkgevers stad Lier")).to_have_count(0)
    expect(page.get_by_role("link", name="Beheerscomité ILV (iCal)")).to_be_visible()

    page.get_by_role("link", name="Beheerscomité ILV bij Maatwerkbedrijf Webo").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Beheerscomité ILV bij Maatwerkbedrijf Webo"
    )
    expect(page.get_by_text("Dinsdag 8 februari 2022")).to_be_visible()
    page.get_by_role("link", name="Jaarkalender 2022").click()
    expect(page.get_by_role("heading", name="Jaarkalender 2022")).to_be_visible()


def test_the_regisseur_enters_a_new_meeting_with_agenda_and_decision(
    live_server, page, regisseur_user
):
    page.goto(live_server.url + "/admin/meetings/meeting/add/")
    log_in(page, "guido")
    page.get_by_role("button", name="Aanmelden").click()

    # The body is an autocomplete field (select2): type, then pick.
    page.locator(".field-body .select2-selection").click()
    page.locator(".select2-search__field").fill("Stuurgroep ILV")
    page.get_by_role("option", name="Stuurgroep ILV", exact=True).click()
    page.locator("#id_date").fill("14/03/2023")
    page.locator("#id_place").fill("Mechelen")
    # The extra agenda rows already carry the numbers 1, 2, 3.
    expect(page.locator("#id_agenda-0-position")).to_have_value("1")
    expect(page.locator("#id_agenda-1-position")).to_have_value("2")
    page.locator("#id_agenda-0-title").fill("Goedkeuring verslag")
    page.locator("#id_agenda-1-title").fill("LDE-oproep")
    page.get_by_text("Nog een Beslissing toevoegen").click()
    page.locator("#id_decisions-0-agenda_number").fill("2")
    page.locator("#id_decisions-0-text").fill("De stuurgroep adviseert de verdeling.")
    page.get_by_role("button", name="Opslaan", exact=True).click()

    expect(page.locator(".messagelist")).to_contain_text("11 leden van Stuurgroep ILV")
    meeting = Meeting.objects.get(body__name="Stuurgroep ILV", date=datetime.date(2023, 3, 14))
    decision = meeting.decisions.get()
    assert decision.agenda_item.title == "LDE-oproep"
    assert meeting.attendance.count() == 11

    page.goto(live_server.url + meeting.get_absolute_url())
    expect(page.get_by_role("cell", name="2. LDE-oproep")).to_be_visible()
    expect(page.get_by_text("De stuurgroep adviseert de verdeling.")).to_be_visible()
