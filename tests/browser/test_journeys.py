"""The journeys of issue 15, each as the person makes it: log in with the login of a person who
sits in a body, and read what that seat allows."""

import datetime
import hashlib

import pytest
from playwright.sync_api import expect

from actors.models import Body, Person
from meetings.models import AgendaItem, Decision, Meeting
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


def test_a_stuurgroep_member_reads_the_overview_opens_a_municipality_and_follows_a_decision(
    live_server, page, django_user_model, demo_data
):
    login_of(django_user_model, "Stephanie Verhoeven", "stephanie")
    hers = Person.objects.get(name="Stephanie Verhoeven").municipality.name
    stuurgroep = Body.objects.get(name="Stuurgroep ILV")
    today = datetime.date.today()
    held = Meeting.objects.create(body=stuurgroep, date=today - datetime.timedelta(days=40))
    item = AgendaItem.objects.create(meeting=held, title="Digitale brochure")
    Decision.objects.create(
        meeting=held,
        agenda_item=item,
        text="De regisseur verzamelt het aanbod van de ondernemingen.",
        follow_up_owner=Person.objects.get(name="Guido Vangoidsenhoven"),
        due_date=today - datetime.timedelta(days=5),
    )
    next_meeting = Meeting.objects.create(
        body=stuurgroep, date=today + datetime.timedelta(days=20), place="Mechelen"
    )

    page.goto(live_server.url + "/")
    log_in(page, "stephanie")
    attention = page.get_by_role("region", name="aandachtspunt")
    expect(attention).to_contain_text("is verstreken")
    expect(page.get_by_role("heading", name="1 openstaande beslissing")).to_be_visible()

    # Her municipality, from the jobseekers table, and back.
    page.get_by_role("link", name=hers, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(hers)
    expect(page.get_by_role("heading", name="Vertegenwoordigers in de organen")).to_be_visible()
    expect(page.get_by_role("cell", name="Stephanie Verhoeven")).to_be_visible()
    page.go_back()

    # The open decision leads to its meeting; the next meeting shows it as open, late.
    decisions = page.locator("#beslissingen")
    expect(decisions.get_by_text("te laat")).to_be_visible()
    decisions.get_by_role("link").first.click()
    expect(page.get_by_text("De regisseur verzamelt het aanbod")).to_be_visible()
    page.goto(live_server.url + next_meeting.get_absolute_url())
    follow_ups = page.get_by_role("region", name="Openstaande beslissingen")
    expect(follow_ups).to_contain_text("De regisseur verzamelt het aanbod")
    expect(follow_ups).to_contain_text("te laat")
