"""The admin lists the regisseur works in most fit a 1280 px screen, menu and filters open."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from events.models import Event, EventExtra, Session
from events.services import registration_create
from ilv import roles
from tests.conftest import PASSWORD

# Long but real-looking values: what makes a column wide.
PEOPLE = [
    ("Jan Van den Bossche-Vermeulen", "Werkmaat vzw – maatwerkbedrijf Lier", "social_economy"),
    ("Annelies De Smedt", "Zorgbedrijf Rivierenland (Welzijnsvereniging)", "stakeholder"),
    ("Mohamed El Amrani", "OCMW Sint-Katelijne-Waver", "local_authority"),
    ("Els Peeters", "Gemeente Bornem", "local_authority"),
]


@pytest.fixture
def registrations(transactional_db, demo_data):
    event = Event.objects.get(slug="netwerkdag-sociale-economie-2020")
    sessions = {s.number: s for s in Session.objects.filter(event=event)}
    book = EventExtra.objects.filter(event=event).first()
    for i in range(12):
        name, organisation, kind = PEOPLE[i % len(PEOPLE)]
        registration_create(
            event=event,
            name=f"{name} {i}",
            email=f"deelnemer.{i}@voorbeeld-organisatie-rivierenland.be",
            organisation_name=organisation,
            organisation_type=kind,
            sessions=[sessions[1 + i % 4], sessions[5 + i % 5]],
            extras=[book] if book and i % 2 else [],
            shipping_address="Kerkstraat 1, 2880 Bornem" if book and i % 2 else "",
            join_waiting_list=True,
            by_staff=True,
        )


@pytest.fixture
def admin_page(live_server, page, transactional_db, django_user_model, demo_data):
    user = django_user_model.objects.create_user(username="guido", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=roles.REGISSEUR))
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Gebruikersnaam").fill("guido")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", name="Gegevens bijhouden")).to_be_visible()
    return page


def widths(page):
    return page.evaluate(
        """() => {
            const table = document.querySelector('#result_list');
            return {
                page: document.documentElement.scrollWidth,
                window: window.innerWidth,
                table: table.scrollWidth,
                room: table.closest('.results').clientWidth,
            };
        }"""
    )


@pytest.mark.parametrize(
    "path, rows",
    [
        ("/admin/contingents/allocation/", 41),
        ("/admin/events/registration/", 12),
    ],
)
def test_list_fits_1280_px_without_scrolling_sideways(
    live_server, admin_page, registrations, path, rows, tmp_path
):
    page = admin_page
    page.goto(live_server.url + path)
    expect(page.locator("#result_list tbody tr")).to_have_count(rows)
    # The menu and the filters, as the regisseur sees them, take their width too.
    expect(page.locator("#nav-sidebar")).to_be_visible()
    expect(page.locator("#changelist-filter")).to_be_visible()
    page.screenshot(path=tmp_path / "list.png")
    seen = widths(page)
    assert seen["page"] <= seen["window"], seen
    assert seen["table"] <= seen["room"], seen
