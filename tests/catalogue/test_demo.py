"""The demo catalogue: the social-economy organisations of the 2021 report, with what the report
says of them and nothing made up."""

import pytest
from django.urls import reverse

from actors.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_social_economy_organisations_of_the_report_are_in_the_catalogue(client, demo_data):
    social = Organisation.objects.filter(kind=Organisation.Kind.SOCIAL_ECONOMY)
    assert social.count() == 20
    assert set(Organisation.objects.filter(in_catalogue=True)) == set(social)
    response = client.get(reverse("catalogue:list"))
    assert response.context["page"].paginator.count == 20
    assert "Stad Mechelen" not in [e.organisation.name for e in response.context["entries"]]


def test_demo_contact_data_are_left_empty_rather_than_invented(demo_data):
    catalogue = Organisation.objects.filter(in_catalogue=True)
    assert not catalogue.exclude(public_address="", public_phone="", public_email="").exists()


def test_the_demo_shows_what_the_report_says_of_an_organisation(client, demo_data):
    werkmaat = Organisation.objects.get(name="Werkmaat")
    html = client.get(reverse("catalogue:organisation", args=[werkmaat.pk])).content.decode()
    assert "sollicitatiefietsen" in html and "Circulinaire Lier" in html
    assert "(Fiets)mobiliteit" in html and "Lier" in html
    assert "Lokale diensteneconomie" in html  # 62 FTE LDE from 1/10/2021


def test_filtering_the_demo_by_measure_and_municipality(client, demo_data):
    response = client.get(
        reverse("catalogue:list"), {"maatregel": "collectief-maatwerk", "gemeente": "12025"}
    )
    names = [entry.organisation.name for entry in response.context["entries"]]
    assert names == ["Ecoso", "Entiris", "Natuur en Landschapzorg"]
