"""The journeys of issue 15, each as the person makes it: log in with the login of a person who
sits in a body, and read what that seat allows."""

import datetime
import hashlib

import pytest
from playwright.sync_api import expect

from actors.models import Person
from reports.models import AnnualReport
from reports.services.approvals import report_approve
from tests.conftest import PASSWORD


def login_of(django_user_model, person_name: str, username: str):
    """A login for a person of Annex 1, with no group: the person's seats give the rights."""
    user = django_user_model.objects.create_user(username=username, password=PASSWORD)
    Person.objects.filter(name=person_name).update(user=user)
    return user


def log_in(page, username: str):
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()


@pytest.fixture
def approved_report(transactional_db, demo_data, settings, tmp_path, regisseur):
    settings.MEDIA_ROOT = tmp_path
    return report_approve(
        report=AnnualReport.objects.get(year=2021),
        approved_on=datetime.date(2022, 3, 25),
        user=regisseur,
    )


def test_a_beheerscomite_member_downloads_the_approved_report(
    live_server, page, django_user_model, approved_report
):
    login_of(django_user_model, "Luc Van Houtven", "luc")  # chair of the beheerscomité
    page.goto(live_server.url + "/")
    log_in(page, "luc")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "ILV regie sociale economie Rivierenland"
    )
    page.get_by_role("navigation", name="Hoofdnavigatie").get_by_role(
        "link", name="Rapporten"
    ).click()
    page.get_by_role("link", name="Jaarverslag 2021 – Jaaractieplan 2022").click()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download de goedgekeurde PDF").click()
    content = download_info.value.path().read_bytes()
    assert hashlib.sha256(content).hexdigest() == approved_report.sha256


def test_a_stuurgroep_member_sees_no_reports(live_server, page, django_user_model, demo_data):
    login_of(django_user_model, "Stephanie Verhoeven", "stephanie")
    page.goto(live_server.url + "/")
    log_in(page, "stephanie")
    navigation = page.get_by_role("navigation", name="Hoofdnavigatie")
    expect(navigation.get_by_role("link", name="Gemeenten")).to_be_visible()
    expect(navigation.get_by_role("link", name="Rapporten")).to_have_count(0)
