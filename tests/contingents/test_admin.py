"""The regisseur finds allocations in the admin, also among ten years of them."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from actors.models import Organisation, OrganisationAlias
from contingents.models import Allocation, Measure

pytestmark = pytest.mark.django_db

LIST = reverse("admin:contingents_allocation_changelist")


def found(client, term) -> set[str]:
    response = client.get(LIST, {"q": term})
    return {allocation.organisation.name for allocation in response.context["cl"].result_list}


def test_allocations_are_found_by_organisation_another_name_or_note(regisseur_client, demo_data):
    ecoso = Organisation.objects.get(name="Ecoso")
    assert found(regisseur_client, "ecoso") == {"Ecoso"}
    assert OrganisationAlias.objects.filter(organisation=ecoso).exists()
    alias = OrganisationAlias.objects.filter(organisation=ecoso).first().name
    assert "Ecoso" in found(regisseur_client, alias)
    allocation = Allocation.objects.filter(organisation__name="Mivas").first()
    allocation.note = "Verhoging na de oproep van augustus"
    allocation.save()
    assert found(regisseur_client, "oproep van augustus") == {"Mivas"}
    assert found(regisseur_client, "bestaat niet") == set()


def test_a_search_costs_the_same_queries_with_ten_years_of_allocations(
    regisseur_client, demo_data, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as first:
        regisseur_client.get(LIST, {"q": "ecoso"})
    ecoso = Organisation.objects.get(name="Ecoso")
    lde = Measure.objects.get(code="lde")
    Allocation.objects.bulk_create(
        Allocation(
            organisation=ecoso,
            measure=lde,
            valid_from=datetime.date(2010 + i // 4, 3 * (i % 4) + 1, 1),
            fte=Decimal(i),
        )
        for i in range(40)
    )
    with django_assert_max_num_queries(len(first.captured_queries)):
        regisseur_client.get(LIST, {"q": "ecoso"})
