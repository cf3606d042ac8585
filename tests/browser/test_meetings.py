"""A beheerscomité member opens the calendar, filters it by body and opens a meeting."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from ilv import roles
from tests.conftest import PASSWORD


@pytest.fixture
def member(transactional_db, django_user_model, demo_data):
    user = django_user_model.objects.create_user(username="an", password=PASSWORD)
    user.groups.add(Group.objects.get(name=roles.BEHEERSCOMITE))
    return user


def test_open_the_calendar_filter_by_body_and_open_a_meeting(live_server, page, member):
    page.goto(live_server.url + "/vergaderingen/?jaar=2022")
    page.get_by_label("Gebruikersnaam").fill("an")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()

    expect(page.get_by_role("heading", name="Jaarkalender 2022")).to_be_visible()
    expect(page.get_by_role("link", name="Ontbijtsessie werkgevers stad Lier")).to_be_visible()

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
