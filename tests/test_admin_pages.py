"""Every model the regisseur keeps: its list and its add form open, with a bounded query count."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

pytestmark = pytest.mark.django_db

MODELS = {
    f"{model._meta.app_label}_{model._meta.model_name}": model
    for model in admin.site._registry
    if model._meta.app_label in ("actors", "contingents", "meetings", "reports")
}
ADMINS = sorted(MODELS)


@pytest.mark.parametrize("name", ADMINS)
def test_list_and_add_form_open_in_dutch(
    regisseur, regisseur_client, demo_data, name, django_assert_max_num_queries
):
    # Session, user, permissions, count, rows, filters: bounded whatever the number of rows.
    with django_assert_max_num_queries(20):
        changelist = regisseur_client.get(reverse(f"admin:{name}_changelist"))
    assert changelist.status_code == 200
    assert 'lang="nl-be"' in changelist.content.decode()
    request = RequestFactory().get("/")
    request.user = regisseur
    may_add = admin.site._registry[MODELS[name]].has_add_permission(request)
    expected = 200 if may_add else 403  # e.g. a workshop seat is only taken by registering
    assert regisseur_client.get(reverse(f"admin:{name}_add")).status_code == expected


def test_every_data_model_is_in_the_admin():
    assert "contingents_allocation" in ADMINS and "actors_organisation" in ADMINS
