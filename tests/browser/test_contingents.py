"""A stuurgroep member filters the contingent dashboard and downloads a table as CSV."""

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from actors.models import Region
from ilv import roles
from tests.conftest import PASSWORD


@pytest.fixture
def logged_in(live_server, page, transactional_db, django_user_model, demo_data):
    user = django_user_model.objects.create_user(username="tineke", password=PASSWORD)
    user.groups.add(Group.objects.get(name=roles.STUURGROEP))
    page.goto(live_server.url + "/aanmelden/")
    page.get_by_label("Gebruikersnaam").fill("tineke")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(
        page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
            "link", name="Contingenten"
        )
    ).to_be_visible()
    return page


def test_filter_the_dashboard_and_download_the_lde_table(live_server, logged_in, tmp_path):
    page = logged_in
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Contingenten"
    ).click()
    expect(page.get_by_role("heading", name="Contingenten sociale economie")).to_be_visible()
    lde = page.locator("section#lde")
    expect(lde.get_by_role("row", name="Natuurpunt Beheer")).to_be_visible()

    page.get_by_label("Actief in gemeente").select_option(label="Lier")
    page.get_by_label("LDE").check()
    page.get_by_role("button", name="Toon").click()
    # The reader's own region (the home region: no seat elsewhere) stays chosen.
    region = Region.objects.home().pk
    expect(page).to_have_url(
        f"{live_server.url}/contingenten/?maatregel=lde&datum=&regio={region}&gemeente=12021&soort="
    )
    expect(
        page.get_by_text("de totalen gelden enkel voor de getoonde organisaties")
    ).to_be_visible()
    expect(lde.get_by_role("row", name="Natuurpunt Beheer")).to_have_count(0)
    werkmaat = lde.get_by_role("row", name="Werkmaat")
    expect(werkmaat).to_contain_text("53,00")
    expect(werkmaat).to_contain_text("62,00")
    expect(page.locator("section#collectief-maatwerk")).to_have_count(0)

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download LDE als CSV").click()
    download = download_info.value
    assert download.suggested_filename == "contingent-lde.csv"
    path = tmp_path / "lde.csv"
    download.save_as(path)
    text = path.read_text(encoding="utf-8-sig")
    assert "Werkmaat;Antwerpen/Lier;53,00;62,00" in text
    assert "Natuurpunt Beheer" not in text

    werkmaat.get_by_role("link", name="Werkmaat").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Werkmaat")
    expect(page.get_by_role("img", name="Toegekende VTE per maatregel")).to_be_visible()
