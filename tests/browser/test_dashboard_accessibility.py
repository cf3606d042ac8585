"""The dashboards the bodies read pass axe-core without serious or critical violations, on a
desktop and on a phone without sideways scrolling of the page itself (wide tables scroll inside
their own box)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from actors.models import Organisation
from meetings.models import Meeting
from tests.browser.test_accessibility import DESKTOP, PHONE, serious
from tests.conftest import PASSWORD


@pytest.fixture
def reader(transactional_db, django_user_model, demo_data):
    """The chair of the beheerscomité: reads the dashboards and the beheerscomité's meetings."""
    from actors.models import Person

    user = django_user_model.objects.create_user(username="luc", password=PASSWORD)
    Person.objects.filter(name="Luc Van Houtven").update(user=user)
    return user


def dashboard_pages():
    meeting = Meeting.objects.filter(body__name="Beheerscomité ILV").first()
    return {
        "overview": reverse("home"),
        "municipalities": reverse("municipalities:list"),
        "municipality": reverse("municipalities:detail", args=["12025"]),
        "contingents": reverse("contingents:dashboard"),
        "organisation": reverse(
            "contingents:organisation", args=[Organisation.objects.get(name="Ecoso").pk]
        ),
        "calendar": reverse("meetings:calendar") + "?jaar=2022",
        "meeting": meeting.get_absolute_url(),
        "decisions": reverse("meetings:decisions") + "?status=alle",
        "reports": reverse("reports:list"),
    }


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_dashboard_pages_have_no_serious_accessibility_violations(
    live_server, page, reader, viewport
):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + reverse("login"))
    page.get_by_label("Gebruikersnaam").fill("luc")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url(live_server.url + "/")
    axe = Axe()
    found, too_wide = {}, []
    for name, path in dashboard_pages().items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, name
        found[name] = serious(axe.run(page))
        if page.evaluate("document.documentElement.scrollWidth") > viewport["width"]:
            too_wide.append(name)
    assert {name: v for name, v in found.items() if v} == {}
    assert too_wide == []
