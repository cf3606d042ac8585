"""The public event pages pass axe-core without serious or critical violations, on a desktop and
on a phone without sideways scrolling, and keyboard focus stands out from every background it can
sit on."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone

from events.links import registration_token
from events.models import Event, Session
from events.services import registration_create

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def open_event(transactional_db, demo_data):
    event = Event.objects.get(slug="netwerkdag-sociale-economie-2020")
    event.registration_closes_at = timezone.now() + datetime.timedelta(days=7)
    event.save()
    Session.objects.filter(event=event, number=4).update(capacity=1)
    return event


@pytest.fixture
def waiting(open_event):
    """One registration with a seat in round 1 and a place on the waiting list in round 2."""
    sessions = Session.objects.filter(event=open_event, number__in=[4, 5])
    registration_create(
        event=open_event,
        name="Jan Smets",
        email="jan@example.be",
        organisation_name="Stad Lier",
        organisation_type="local_authority",
        sessions=list(sessions),
    )
    return registration_create(
        event=open_event,
        name="Els Peeters",
        email="els@example.be",
        organisation_name="Gemeente Bornem",
        organisation_type="local_authority",
        sessions=list(sessions),
        join_waiting_list=True,
    )


def public_pages(event, registration):
    token = registration_token(registration)
    personal = {"slug": event.slug, "token": token}
    return {
        "list": reverse("events:list"),
        "event": event.get_absolute_url(),
        "register": reverse("events:register", args=[event.slug]),
        "sent": reverse("events:sent", args=[event.slug]),
        "privacy": reverse("events:privacy"),
        "personal": reverse("events:registration", kwargs=personal),
        "cancel": reverse("events:registration_cancel", kwargs=personal),
        "erase": reverse("events:erase", kwargs=personal),
        "give_back": reverse("events:give_back", kwargs={**personal, "number": 1}),
    }


def serious(results) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_public_event_pages_have_no_serious_accessibility_violations(
    live_server, page, open_event, waiting, viewport
):
    page.set_viewport_size(viewport)
    axe = Axe()
    found, too_wide = {}, []
    for name, path in public_pages(open_event, waiting).items():
        response = page.goto(live_server.url + path)
        assert response.status == 200, name
        found[name] = serious(axe.run(page))
        # WCAG 1.4.10: the page reflows to the screen, nothing to scroll sideways.
        if page.evaluate("document.documentElement.scrollWidth") > viewport["width"]:
            too_wide.append(name)
    # The form as it comes back with errors: messages tied to their fields.
    page.goto(live_server.url + reverse("events:register", args=[open_event.slug]))
    page.get_by_role("button", name="Inschrijven").click()
    page.wait_for_selector(".errorlist, [aria-invalid=true]")
    found["register with errors"] = serious(axe.run(page))
    assert {name: v for name, v in found.items() if v} == {}
    assert too_wide == []


CONTRAST = """
el => {
  const rgb = c => c.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  let node = el.parentElement, background = null;
  while (node) {
    const bg = getComputedStyle(node).backgroundColor;
    if (bg && !bg.startsWith('rgba(0, 0, 0, 0)') && bg !== 'transparent') {
      background = bg;
      break;
    }
    node = node.parentElement;
  }
  background = background || 'rgb(255, 255, 255)';
  const style = getComputedStyle(el);
  const [a, b] = [lum(rgb(style.outlineColor)), lum(rgb(background))].sort((x, y) => y - x);
  return {ratio: (a + 0.05) / (b + 0.05), width: parseFloat(style.outlineWidth),
          outline: style.outlineStyle, color: style.outlineColor, background};
}
"""


def test_keyboard_focus_is_visible_against_its_background(live_server, page, open_event):
    """WCAG 2.4.11/1.4.11: the focus indicator has at least 3:1 contrast with what surrounds it,
    in the header, the page body and the form alike."""
    page.goto(live_server.url + reverse("events:register", args=[open_event.slug]))
    checked = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate_handle("document.activeElement")
        tag = focused.evaluate("el => el.tagName")
        if tag == "BODY":
            continue
        measured = focused.evaluate(CONTRAST)
        label = focused.evaluate("el => el.outerHTML.slice(0, 80)")
        checked.append(label)
        assert measured["outline"] != "none" and measured["width"] >= 2, (label, measured)
        assert measured["ratio"] >= 3, (label, measured)
    # The walk went through the header's links and into the form's fields.
    assert any("<a" in label for label in checked)
    assert any("<input" in label for label in checked)
