"""The PDF brochure: the whole catalogue with a cover and a table of contents per sector, public
fields only, rendered once per version of the data."""

import datetime
import io

import pikepdf
import pytest
from django.core.cache import cache
from django.urls import reverse
from pypdf import PdfReader

from actors.models import OrganisationAlias
from catalogue import brochure
from catalogue.queries import catalogue_version
from tests.catalogue.conftest import allocate, organisation
from tests.pdf_structure import structure_roles

pytestmark = pytest.mark.django_db

PDF = reverse("catalogue:brochure")


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_the_brochure_is_a_pdf_with_every_catalogue_organisation(client, ecoso, hidden, green):
    organisation("Natuurwerk", sectors=[green])
    response = client.get(PDF)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = pdf_text(response)
    assert "Digitale brochure sociale economie" in text
    assert "2 organisaties" in text and "zonder filter" in text
    assert "Inhoud per sector" in text
    for public in ["Ecoso", "Natuurwerk", "Circulaire economie", "Groenonderhoud", "Foodsavers"]:
        assert public in text
    assert "info@ecoso.example" in text and "Voorbeeldstraat 1" in text
    assert "Stad Mechelen" not in text  # not in the catalogue


def test_the_brochure_holds_no_internal_or_personal_data(client, ecoso):
    text = pdf_text(client.get(PDF))
    for secret in ["INTERN", "0123.456.749", "Griet Geheim", "griet.geheim"]:
        assert secret not in text


def test_the_table_of_contents_points_at_the_page_of_each_organisation(client, ecoso, green):
    organisation("Natuurwerk", sectors=[green])
    reader = PdfReader(io.BytesIO(client.get(PDF).content))
    contents = reader.pages[1].extract_text()
    for name in ["Ecoso", "Natuurwerk"]:
        [page_number] = [
            int(line.rsplit(".", 1)[-1]) for line in contents.splitlines() if line.startswith(name)
        ]
        assert name in reader.pages[page_number - 1].extract_text()


def test_the_brochure_is_rendered_once_until_the_data_change(client, ecoso, renders):
    first = client.get(PDF).content
    assert client.get(PDF).content == first
    assert len(renders) == 1
    ecoso.offer = "Een nieuw aanbod."
    ecoso.save()
    assert "Een nieuw aanbod." in pdf_text(client.get(PDF))
    assert len(renders) == 2


def test_while_another_process_renders_visitors_get_the_previous_brochure(client, ecoso, renders):
    previous = client.get(PDF).content
    ecoso.offer = "Een nieuw aanbod."
    ecoso.save()
    cache.add(brochure.LOCK_KEY, 1, 60)  # another process is rendering the new version
    assert client.get(PDF).content == previous
    assert len(renders) == 1
    cache.delete(brochure.LOCK_KEY)
    assert "Een nieuw aanbod." in pdf_text(client.get(PDF))
    assert len(renders) == 2


def test_without_a_previous_brochure_a_visitor_waits_then_is_asked_to_come_back(
    client, ecoso, renders, monkeypatch
):
    monkeypatch.setattr(brochure, "WAIT_SECONDS", 0.3)
    monkeypatch.setattr(brochure, "POLL_SECONDS", 0.05)
    cache.add(brochure.LOCK_KEY, 1, 60)  # another process renders, longer than one can wait
    response = client.get(PDF)
    assert response.status_code == 503 and response["Retry-After"] == "30"
    assert "Probeer het over een halve minuut opnieuw" in response.content.decode()
    assert renders == []  # no pile-up of renders
    assert cache.get(brochure.LOCK_KEY) == 1  # the other process's lock is left alone


def test_when_the_other_render_fails_the_waiting_visitor_renders_it(
    client, ecoso, renders, monkeypatch
):
    monkeypatch.setattr(brochure, "WAIT_SECONDS", 1)
    monkeypatch.setattr(brochure, "POLL_SECONDS", 0.05)
    cache.add(brochure.LOCK_KEY, 1, 0.2)  # a render that dies: its lock lapses
    assert "Ecoso" in pdf_text(client.get(PDF))
    assert len(renders) == 1 and cache.get(brochure.LOCK_KEY) is None


def test_an_empty_catalogue_still_makes_a_brochure(client, hidden):
    text = pdf_text(client.get(PDF))
    assert "Er staan nog geen organisaties in de digitale brochure." in text


def test_every_change_the_brochure_shows_moves_its_fingerprint(ecoso, green, lde, mechelen):
    today = datetime.date(2026, 11, 26)
    seen = [catalogue_version(today=today)]
    changes = [
        lambda: ecoso.sectors.add(green),
        lambda: ecoso.active_in.remove(mechelen),
        lambda: OrganisationAlias.objects.create(organisation=ecoso, name="Ecoso Mechelen"),
        lambda: allocate(ecoso, lde, "21.00", valid_from=datetime.date(2022, 1, 1)),
        lambda: organisation("Nieuw", in_catalogue=False),
        lambda: green.delete(),
    ]
    for change in changes:
        change()
        seen.append(catalogue_version(today=today))
    seen.append(catalogue_version(today=today + datetime.timedelta(days=1)))
    assert len(set(seen)) == len(seen)


# The fingerprint; the home region, the organisations, their sectors, municipalities and other
# names, the measures, the allocations in force and the occupancy.
BROCHURE_QUERIES = 9


def test_the_brochure_query_count_does_not_grow_with_the_data(
    client, mechelen, green, lde, django_assert_max_num_queries
):
    def grow(start, count):
        for i in range(start, start + count):
            created = organisation(f"Groei {i:03}", sectors=[green], active_in=[mechelen])
            allocate(created, lde, "2.00")

    grow(0, 5)
    with django_assert_max_num_queries(BROCHURE_QUERIES):
        client.get(PDF)
    grow(5, 35)
    with django_assert_max_num_queries(BROCHURE_QUERIES):
        assert "Groei 039" in pdf_text(client.get(PDF))


def test_the_brochure_is_tagged_in_dutch_with_its_title(client, ecoso):
    with pikepdf.open(io.BytesIO(client.get(PDF).content)) as pdf:
        assert str(pdf.Root.Lang) == "nl-BE"
        assert bool(pdf.Root.MarkInfo.Marked)
        assert str(pdf.docinfo["/Title"]).startswith("Digitale brochure sociale economie")
        roles = structure_roles(pdf)
        assert {"/H1", "/H2", "/H3", "/P", "/L", "/LI"} <= roles
