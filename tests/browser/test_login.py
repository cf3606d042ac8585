"""Logging in through the real form, in Debian's chromium."""

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from ilv import roles
from tests.conftest import PASSWORD


@pytest.fixture
def member(transactional_db, django_user_model, demo_data):
    user = django_user_model.objects.create_user(
        username="kristin", password=PASSWORD, first_name="Kristin"
    )
    user.groups.add(Group.objects.get(name=roles.STUURGROEP))
    return user


def test_stuurgroep_member_logs_in_sees_the_overview_and_logs_out(live_server, page, member):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/aanmelden/\?next=/$"))
    expect(page.get_by_role("heading", name="Aanmelden")).to_be_visible()

    page.get_by_label("Gebruikersnaam").fill("kristin")
    page.get_by_label("Wachtwoord").fill("niet het wachtwoord")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("alert")).to_contain_text("klopt niet")
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("kristin")

    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "ILV regie sociale economie Rivierenland"
    )
    expect(page.get_by_role("table").first).to_contain_text("9.788")
    expect(page.get_by_text("Kristin")).to_be_visible()

    page.get_by_role("button", name="Afmelden").click()
    expect(page).to_have_url(re.compile(r"/aanmelden/$"))
    page.goto(live_server.url + "/")
    expect(page).to_have_url(re.compile(r"/aanmelden/\?next=/$"))


def test_keyboard_user_logs_in_and_skips_to_the_content(live_server, page, member):
    page.goto(live_server.url + "/aanmelden/")
    # The username field has the focus on arrival; the rest goes by keyboard only.
    expect(page.get_by_label("Gebruikersnaam")).to_be_focused()
    page.keyboard.type("kristin")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Naar de inhoud")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/#main")
