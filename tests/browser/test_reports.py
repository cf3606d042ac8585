"""A beheerscomité member reads the annual report in the browser and downloads its PDF."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from ilv import roles
from tests.conftest import PASSWORD


@pytest.fixture
def member(transactional_db, django_user_model, demo_data, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = django_user_model.objects.create_user(username="mina", password=PASSWORD)
    user.groups.add(Group.objects.get(name=roles.BEHEERSCOMITE))
    return user


def test_read_the_report_follow_the_contents_and_download_the_pdf(live_server, page, member):
    page.goto(live_server.url + "/rapporten/")
    page.get_by_label("Gebruikersnaam").fill("mina")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()

    expect(page.get_by_role("heading", name="Jaarverslagen en jaaractieplannen")).to_be_visible()
    page.get_by_role("link", name="Jaarverslag 2021 – Jaaractieplan 2022").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Jaarverslag 2021 – Jaaractieplan 2022"
    )
    expect(page.get_by_text("Het beheerscomité keurde dit document nog niet goed.")).to_be_visible()

    contents = page.get_by_role("navigation", name="Inhoudsopgave")
    contents.get_by_role("link", name="Annex 3. Jaarkalender 2022").click()
    annex = page.get_by_role("heading", name="Annex 3. Jaarkalender 2022")
    expect(annex).to_be_in_viewport()
    expect(page.get_by_role("cell", name="Bedank-event werkgevers stad Mechelen")).to_be_visible()

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download het ontwerp als PDF").click()
    download = download_info.value
    assert download.suggested_filename == "jaarverslag-2021-ontwerp.pdf"
    content = download.path().read_bytes()
    assert content.startswith(b"%PDF") and len(content) > 50_000
