"""The site's icon: linked from every page, and at /favicon.ico for browsers that just ask."""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

ICON = "img/favicon.svg"


def test_favicon_ico_answers_without_login_with_the_svg_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static(ICON)


def test_the_icon_is_a_small_svg_in_the_site_colour():
    path = finders.find(ICON)
    assert path, "static/img/favicon.svg is missing"
    root = ET.parse(path).getroot()  # noqa: S314 (our own file)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 32 32"
    with open(path, encoding="utf-8") as svg:
        assert "#0b5c63" in svg.read()  # --brand in site.css


def test_pages_link_the_icon(stuurgroep, demo_data):
    link = f'<link rel="icon" href="{static(ICON)}" type="image/svg+xml">'
    anonymous = Client()
    assert link in anonymous.get(reverse("login")).content.decode()
    assert link in anonymous.get(reverse("events:list")).content.decode()
    member = Client()
    member.force_login(stuurgroep)
    assert link in member.get(reverse("home")).content.decode()
