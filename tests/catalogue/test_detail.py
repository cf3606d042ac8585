"""An organisation's public page: what it offers, where, its sectors and measures, how to reach it;
nothing internal, no person, and no page at all for an organisation outside the catalogue."""

import pytest
from django.urls import reverse

from tests.catalogue.conftest import organisation

pytestmark = pytest.mark.django_db


def page(client, org):
    return client.get(reverse("catalogue:organisation", args=[org.pk]))


def test_the_page_shows_every_public_field_without_login(client, ecoso):
    response = page(client, ecoso)
    html = response.content.decode()
    assert response.status_code == 200
    for public in [
        "<h1>Ecoso</h1>",
        "Stewards op de containerparken; project Foodsavers.",
        "Ecoso vzw",
        "Circulaire economie",
        "Mechelen",
        "Lokale diensteneconomie",
        "Arbeidsmatige activiteiten welzijn",
        "Voorbeeldstraat 1, 2800 Mechelen",
        'href="tel:015000000"',
        'href="mailto:info@ecoso.example"',
        'href="https://ecoso.example/"',
    ]:
        assert public in html, public


def test_the_page_never_shows_internal_fields_or_people(client, ecoso):
    html = page(client, ecoso).content.decode()
    for secret in ["INTERN", "bezetting", "0123.456.749", "Griet Geheim", "griet.geheim"]:
        assert secret not in html, secret


def test_an_organisation_outside_the_catalogue_has_no_page(client, hidden):
    response = page(client, hidden)
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.content.decode()
    assert client.get(reverse("catalogue:organisation", args=[99999])).status_code == 404


def test_taking_an_organisation_out_of_the_catalogue_takes_its_page_offline(client, ecoso):
    assert page(client, ecoso).status_code == 200
    ecoso.in_catalogue = False
    ecoso.save()
    assert page(client, ecoso).status_code == 404


def test_a_page_with_only_a_name_says_what_is_not_known_yet(client, db):
    bare = organisation("Emmaüs")
    html = page(client, bare).content.decode()
    assert "Deze organisatie beschreef haar aanbod nog niet." in html
    assert "Nog geen publieke contactgegevens bekend." in html
    assert "geen lopende erkenning gekend" in html
    assert "Ook gekend als" not in html and "Hoofdkantoor" not in html


# The organisation with its public fields, sectors, municipalities, other names; measures,
# allocations in force, occupancy; the home region (context processor).
DETAIL_QUERIES = 8


def test_the_page_query_count_is_fixed(client, ecoso, django_assert_max_num_queries):
    with django_assert_max_num_queries(DETAIL_QUERIES):
        assert page(client, ecoso).status_code == 200
