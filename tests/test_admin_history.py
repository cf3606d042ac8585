"""The admin's history pages write changes the way our users read figures, dates and yes/no."""

import datetime
from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from contingents.models import Allocation
from events.models import Registration
from ilv.admin import HistoryAdmin, shown_value

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed_allocation(demo_data, regisseur):
    allocation = Allocation.objects.get(
        organisation__name="Ecoso", measure__code="lde", valid_from=datetime.date(2021, 10, 1)
    )
    allocation.save()  # the demo data are loaded without history: record where they start
    allocation.fte = Decimal("21.50")
    allocation.save()  # no reason given
    allocation.fte = Decimal("22.00")
    allocation.valid_from = datetime.date(2021, 10, 4)
    allocation.deployed_outside_region = not allocation.deployed_outside_region
    allocation._history_user = regisseur
    allocation._change_reason = "Correctie DWSE-brief"
    allocation.save()
    return allocation


def history_cells(client, allocation):
    url = reverse("admin:contingents_allocation_history", args=[allocation.pk])
    html = client.get(url).content.decode()
    assert "Correctie DWSE-brief" in html
    return html


def test_history_shows_decimals_dates_and_booleans_the_belgian_way(
    regisseur_client, changed_allocation
):
    html = history_cells(regisseur_client, changed_allocation)
    assert "<strong>VTE:</strong> 19,50 → 21,50" in html
    assert "<strong>VTE:</strong> 21,50 → 22,00" in html
    assert "<strong>Vanaf:</strong> 01/10/2021 → 04/10/2021" in html
    assert "<strong>Niet (volledig) in onze regio ingezet:</strong> ja → nee" in html
    for raw in ["21.50", "2021-10-01", "True", "False"]:
        assert raw not in html, raw


def test_history_shows_a_dash_for_a_missing_reason_or_user(regisseur_client, changed_allocation):
    html = history_cells(regisseur_client, changed_allocation)
    assert "None" not in html
    assert '<td class="history-reason">–</td>' in html


@pytest.mark.parametrize(
    "model, field, value, shown",
    [
        (Allocation, "fte", None, "–"),
        (Allocation, "note", "", "–"),
        (Registration, "status", "cancelled", "Geannuleerd"),
        (
            Registration,
            "cancelled_at",
            datetime.datetime(2021, 6, 15, 8, 30, tzinfo=datetime.UTC),
            "15/06/2021 10:30",  # Brussels time
        ),
    ],
)
def test_a_changed_value_is_shown_as_elsewhere_on_the_site(model, field, value, shown):
    assert shown_value(model._meta.get_field(field), value) == shown


def test_every_admin_with_history_uses_our_history_page():
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, SimpleHistoryAdmin):
            assert isinstance(model_admin, HistoryAdmin), model
