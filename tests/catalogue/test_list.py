"""The public list at /organisaties/: no login, only catalogue organisations and their public
fields, free text and filters, pagination, and a query count that does not grow with the data."""

import datetime

import pytest
from django.urls import reverse

from contingents.models import Measure
from tests.catalogue.conftest import allocate, organisation

pytestmark = pytest.mark.django_db

LIST = reverse("catalogue:list")


def names(response) -> list[str]:
    return [entry.organisation.name for entry in response.context["entries"]]


def test_an_anonymous_visitor_sees_the_catalogue_without_logging_in(client, ecoso):
    response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ecoso" in html and "Stewards op de containerparken" in html
    assert 'href="/organisaties/"' in html  # the navigation offers it to everyone


def test_only_organisations_in_the_catalogue_are_listed(client, ecoso, hidden):
    assert names(client.get(LIST)) == ["Ecoso"]


def test_the_list_shows_no_internal_or_personal_data(client, ecoso):
    html = client.get(LIST).content.decode()
    for secret in ["INTERN", "0123.456.749", "Griet Geheim", "griet.geheim@ecoso.example"]:
        assert secret not in html


def test_organisations_are_listed_by_name(client, mechelen):
    for name in ["Werkmaat", "ecoso", "Mivas"]:
        organisation(name)
    assert names(client.get(LIST)) == ["ecoso", "Mivas", "Werkmaat"]


def test_search_finds_a_name_an_other_name_and_the_offer(client, ecoso, mechelen):
    organisation("Mivas", offer="Maatwerkbedrijf in Lier.")
    assert names(client.get(LIST, {"zoek": "ecoso"})) == ["Ecoso"]
    assert names(client.get(LIST, {"zoek": "vzw"})) == ["Ecoso"]  # the other name
    assert names(client.get(LIST, {"zoek": "foodsavers"})) == ["Ecoso"]
    assert names(client.get(LIST, {"zoek": "maatwerkbedrijf lier"})) == ["Mivas"]
    assert names(client.get(LIST, {"zoek": "maatwerkbedrijf mechelen"})) == []


def test_search_never_looks_into_the_internal_description(client, ecoso):
    """A match on a hidden text would tell a visitor what it says, one guess at a time."""
    assert names(client.get(LIST, {"zoek": "bezetting"})) == []


def test_filter_by_sector_and_by_municipality(client, ecoso, lier, green):
    organisation("Werkmaat", sectors=[green], active_in=[lier])
    assert names(client.get(LIST, {"sector": green.pk})) == ["Werkmaat"]
    assert names(client.get(LIST, {"gemeente": "12025"})) == ["Ecoso"]
    assert names(client.get(LIST, {"gemeente": "12021", "sector": green.pk})) == ["Werkmaat"]
    assert names(client.get(LIST, {"gemeente": "12025", "sector": green.pk})) == []


def test_filter_by_measure_keeps_organisations_that_hold_it_now(client, ecoso, lde, maatwerk):
    """The contingent now is the latest allocation: one brought back to 0 FTE is no longer held,
    one that is phasing out still is, one from a later date is not yet."""
    ended = organisation("Manus")
    allocate(ended, lde, "33.00")
    allocate(ended, lde, "0", valid_from=datetime.date(2022, 1, 1))
    phasing_out = organisation("Zorgbedrijf")
    allocate(phasing_out, lde, None, phasing_out=True)
    future = organisation("Later")
    allocate(future, lde, "5.00", valid_from=datetime.date.today() + datetime.timedelta(days=30))
    other = organisation("Mivas")
    allocate(other, maatwerk, "490.00")

    assert names(client.get(LIST, {"maatregel": "lde"})) == ["Ecoso", "Zorgbedrijf"]
    assert names(client.get(LIST, {"maatregel": "collectief-maatwerk"})) == ["Mivas"]
    assert names(client.get(LIST, {"maatregel": "ama-welzijn"})) == ["Ecoso"]  # recognition only


def test_the_list_names_the_measures_an_organisation_holds(client, ecoso):
    html = client.get(LIST).content.decode()
    assert "erkend voor LDE, AMA welzijn" in html


def test_nothing_matching_gets_a_clear_dutch_message(client, ecoso):
    html = client.get(LIST, {"zoek": "bestaat niet"}).content.decode()
    assert "Geen organisaties gevonden" in html
    assert "Geen enkele organisatie voldoet aan deze zoekopdracht" in html
    assert "Gefilterd op" in html and "bestaat niet" in html


def test_an_empty_catalogue_says_so(client, hidden):
    html = client.get(LIST).content.decode()
    assert "Er staan nog geen organisaties in de digitale brochure." in html


def test_an_unknown_filter_value_is_reported_and_the_other_filters_still_apply(client, ecoso):
    organisation("Mivas")
    response = client.get(LIST, {"sector": "999", "zoek": "mivas"})
    assert response.status_code == 200
    assert "Niet alle filters konden gebruikt worden" in response.content.decode()
    assert names(response) == ["Mivas"]


def test_the_filter_form_has_a_label_for_every_field(client, ecoso):
    html = client.get(LIST).content.decode()
    for field in ["zoek", "sector", "gemeente", "maatregel"]:
        assert f'<label for="id_{field}">' in html
        assert f'id="id_{field}"' in html
    assert 'method="get"' in html


def test_pages_of_25_keep_the_filters_in_their_links(client, mechelen):
    for i in range(30):
        organisation(f"Onderneming {i:02}", active_in=[mechelen])
    first = client.get(LIST, {"gemeente": "12025"})
    assert len(names(first)) == 25
    html = first.content.decode()
    assert "Pagina 1 van 2" in html
    assert "?gemeente=12025&amp;pagina=2" in html
    second = client.get(LIST, {"gemeente": "12025", "pagina": 2})
    assert names(second) == [f"Onderneming {i:02}" for i in range(25, 30)]


def grow(count, *, mechelen, sectors, measures, start=0):
    """``count`` catalogue organisations with sectors, municipalities, aliases and allocations."""
    for i in range(start, start + count):
        created = organisation(
            f"Groei {i:03}",
            sectors=sectors,
            active_in=[mechelen],
            aliases=[f"Groei alias {i:03}"],
            offer="Maatwerkbedrijf.",
        )
        for measure in measures:
            allocate(created, measure, None if not measure.counts_fte else "3.00")


# An anonymous visitor (no session): the count, the page of organisations, their sectors,
# municipalities and other names, the measures, the allocations in force and the occupancy, the
# home region (context processor), then the sectors, municipalities and measures of the form.
LIST_QUERIES = 12


@pytest.mark.parametrize(
    "query, extra",
    [
        ({}, 0),
        ({"zoek": "groei"}, 0),
        ({"gemeente": "12025"}, 1),  # the chosen municipality is looked up
        ({"maatregel": "lde"}, 3),  # the measure, and its holders: allocations and occupancy
    ],
    ids=["all", "search", "municipality", "measure"],
)
def test_the_list_query_count_does_not_grow_with_the_data(
    client, mechelen, circular, green, lde, ama_welzijn, query, extra, django_assert_max_num_queries
):
    measures = [lde, ama_welzijn]
    grow(5, mechelen=mechelen, sectors=[circular, green], measures=measures)
    bound = LIST_QUERIES + extra
    with django_assert_max_num_queries(bound):
        small = client.get(LIST, query)
    grow(35, mechelen=mechelen, sectors=[circular, green], measures=measures, start=5)
    with django_assert_max_num_queries(bound):
        large = client.get(LIST, query)
    assert small.context["page"].paginator.count == 5
    assert large.context["page"].paginator.count == 40
    assert len(large.context["entries"]) == 25
    assert Measure.objects.count() == 2
