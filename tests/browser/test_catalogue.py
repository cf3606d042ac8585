"""A visitor searches the public catalogue with the keyboard and opens an organisation; the list
and the organisation's page pass axe-core on a desktop and on a phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.urls import reverse
from playwright.sync_api import expect

from actors.models import Organisation
from tests.browser.test_accessibility import DESKTOP, PHONE, serious


@pytest.fixture
def catalogue(transactional_db, demo_data):
    cache.clear()
    yield
    cache.clear()


def test_a_visitor_searches_the_catalogue_with_the_keyboard_and_opens_an_organisation(
    live_server, page, catalogue
):
    page.goto(live_server.url + reverse("events:list"))
    page.get_by_role("link", name="Organisaties").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Organisaties van de sociale economie"
    )
    expect(page.get_by_role("heading", name="20 organisaties")).to_be_visible()

    # Only the keyboard from here: type a word, tab to the municipality, choose, submit.
    search = page.get_by_label("Naam of aanbod")
    search.focus()
    page.keyboard.type("maatwerkbedrijf")
    page.keyboard.press("Tab")  # sector
    page.keyboard.press("Tab")  # municipality
    expect(page.get_by_label("Actief in gemeente")).to_be_focused()
    page.get_by_label("Actief in gemeente").select_option(label="Mechelen")
    page.keyboard.press("Tab")  # measure
    page.keyboard.press("Tab")  # the button
    expect(page.get_by_role("button", name="Zoeken")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(
        f"{live_server.url}/organisaties/?zoek=maatwerkbedrijf&sector=&gemeente=12025&maatregel="
    )
    expect(page.get_by_role("heading", name="2 organisaties")).to_be_visible()
    expect(page.get_by_text("Gefilterd op")).to_contain_text("maatwerkbedrijf")
    expect(page.get_by_label("Naam of aanbod")).to_have_value("maatwerkbedrijf")

    link = page.get_by_role("link", name="Natuur en Landschapzorg")
    link.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Natuur en Landschapzorg")
    expect(page.get_by_text("Maatwerkbedrijf, actief in Mechelen.")).to_be_visible()
    expect(page.get_by_text("Groenonderhoud en onderhoud openbaar domein")).to_be_visible()
    expect(page.get_by_text("Collectief maatwerk")).to_be_visible()

    page.get_by_role("link", name="Terug naar alle organisaties").click()
    expect(page.get_by_role("heading", name="20 organisaties")).to_be_visible()


def test_a_search_without_results_says_so(live_server, page, catalogue):
    page.goto(live_server.url + reverse("catalogue:list"))
    page.get_by_label("Naam of aanbod").fill("onbestaand")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.get_by_role("heading", name="Geen organisaties gevonden")).to_be_visible()
    expect(
        page.get_by_text("Geen enkele organisatie voldoet aan deze zoekopdracht")
    ).to_be_visible()
    page.get_by_role("link", name="bekijk alle organisaties").click()
    expect(page.get_by_role("heading", name="20 organisaties")).to_be_visible()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_catalogue_pages_have_no_serious_accessibility_violations(
    live_server, page, catalogue, viewport
):
    ecoso = Organisation.objects.get(name="Ecoso")
    ecoso.public_address = "Voorbeeldstraat 1, 2800 Mechelen"
    ecoso.public_phone = "015 00 00 00"
    ecoso.public_email = "info@ecoso.example"
    ecoso.website = "https://ecoso.example/"
    ecoso.save()
    bare = Organisation.objects.get(name="Emmaüs")
    pages = {
        "list": reverse("catalogue:list"),
        "filtered": reverse("catalogue:list") + "?zoek=maatwerk&gemeente=12025",
        "nothing found": reverse("catalogue:list") + "?zoek=onbestaand",
        "invalid filter": reverse("catalogue:list") + "?sector=999",
        "organisation": reverse("catalogue:organisation", args=[ecoso.pk]),
        "bare organisation": reverse("catalogue:organisation", args=[bare.pk]),
    }
    page.set_viewport_size(viewport)
    axe = Axe()
    found, too_wide = {}, []
    for name, path in pages.items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, name
        found[name] = serious(axe.run(page))
        if page.evaluate("document.documentElement.scrollWidth") > viewport["width"]:
            too_wide.append(name)
    assert {name: v for name, v in found.items() if v} == {}
    assert too_wide == []
