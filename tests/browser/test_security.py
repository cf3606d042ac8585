"""What a browser enforces (issue 17): the Content-Security-Policy blocks no part of our pages or
of the admin's, and the real login form locks a username out after too many wrong passwords."""

import re

import pytest
from django.conf import settings
from playwright.sync_api import expect

from meetings.models import Meeting
from tests.conftest import PASSWORD

SITE_PAGES = [
    "/",
    "/contingenten/",
    "/gemeenten/",
    "/gemeenten/12025/",
    "/vergaderingen/",
    "/vergaderingen/beslissingen/",
    "/rapporten/",
    "/rapporten/2021/",
    "/organisaties/",
    "/evenementen/",
]
ADMIN_PAGES = [
    "/admin/",
    "/admin/actors/organisation/",
    "/admin/actors/organisation/add/",
    "/admin/actors/organisation/import/",
    "/admin/actors/organisation/export/",
    "/admin/actors/labourmarketfigure/",
    "/admin/contingents/allocation/",
    "/admin/meetings/meeting/",
    "/admin/events/registration/",
    "/admin/events/sessionchoice/",
    "/admin/axes/accessattempt/",
    "/admin/post_office/email/",
    "/admin/reports/annualreport/",
]


def log_in(page, url, username):
    page.goto(url + "/aanmelden/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page).to_have_url(url + "/")


@pytest.mark.django_db(transaction=True)
def test_the_policy_blocks_nothing_on_our_pages_or_the_admins(
    live_server, page, regisseur, demo_data
):
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    log_in(page, live_server.url, "regisseur")
    meeting = Meeting.objects.filter(body__name="Stuurgroep ILV").order_by("date").first()
    pages = [
        *SITE_PAGES,
        f"/vergaderingen/{meeting.pk}/",
        *ADMIN_PAGES,
        f"/admin/meetings/meeting/{meeting.pk}/change/",
    ]
    for path in pages:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert "default-src 'self'" in response.headers["content-security-policy"]
    assert violations == [], "\n".join(violations)


@pytest.mark.django_db(transaction=True)
def test_the_login_form_locks_a_username_out_after_too_many_wrong_passwords(
    live_server, page, regisseur
):
    page.goto(live_server.url + "/aanmelden/")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        page.get_by_label("Gebruikersnaam").fill("regisseur")
        page.get_by_label("Wachtwoord").fill("niet het wachtwoord")
        page.get_by_role("button", name="Aanmelden").click()
        expect(page.get_by_role("alert")).to_contain_text("klopt niet")
    page.get_by_label("Wachtwoord").fill("nog altijd fout")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Te veel mislukte aanmeldpogingen")

    page.get_by_role("link", name="Terug naar aanmelden").click()
    page.get_by_label("Gebruikersnaam").fill("regisseur")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Te veel mislukte aanmeldpogingen")
    expect(page.get_by_text(re.compile("over 15 minuten"))).to_be_visible()
