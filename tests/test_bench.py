"""bench/make_data.py: the same seed makes the same data, and every row it makes is valid."""

import datetime
import io

import pytest
from django.db import connection, transaction

from actors.models import (
    Body,
    LabourMarketFigure,
    Membership,
    Municipality,
    Organisation,
    OrganisationAlias,
    Person,
    Region,
)
from bench import make_data
from contingents.models import Allocation
from events.models import Event, Registration, Session, SessionChoice
from meetings.models import AgendaItem, Decision, Meeting
from reports.models import Action, ActionDomain, ActionPlan, Theme

END = datetime.date(2024, 12, 1)
MODELS = [
    Municipality,
    Region,
    Organisation,
    OrganisationAlias,
    Allocation,
    LabourMarketFigure,
    Body,
    Person,
    Membership,
    Meeting,
    AgendaItem,
    Decision,
    Event,
    Session,
    Registration,
    SessionChoice,
    ActionPlan,
    ActionDomain,
    Theme,
    Action,
]


class Rollback(Exception):
    pass


def generated(seed: int, *, validate: bool = False):
    """What a run at scale 0.01 on the demo makes (counts and fingerprint), undone afterwards;
    with ``validate``, every row it made passes the model's full_clean (fields, clean(),
    uniqueness and constraints)."""
    before = {model: set(model.objects.values_list("pk", flat=True)) for model in MODELS}
    try:
        with transaction.atomic():
            made = make_data.generate(scale=0.01, seed=seed, end=END, out=io.StringIO())
            counts = {model.__name__: model.objects.count() for model in MODELS}
            result = made, counts, make_data.fingerprint()
            if validate:
                for model in MODELS:
                    for instance in model.objects.exclude(pk__in=before[model]):
                        instance.full_clean()
            raise Rollback
    except Rollback:
        return result


def test_same_seed_makes_the_same_valid_data(demo_data):
    first = generated(16, validate=True)
    second = generated(16)
    other = generated(17)

    made, counts, _digest = first
    assert made["labour-market figures"] >= 3_000
    assert made["allocations"] == 660
    assert made["registrations"] == 310
    assert made["meetings"] >= 10
    assert counts["SessionChoice"] > counts["Registration"]
    assert first == second
    assert other[2] != first[2]


def test_refuses_a_database_beyond_the_demo(demo_data, settings):
    settings.DEBUG = True  # the in-memory test database is named neither bench nor test
    assert make_data.refusal(force=False) is None
    Municipality.objects.create(name="Bench extra", nis_code="99999")
    assert "more gemeenten than the demo" in make_data.refusal(force=False)
    assert make_data.refusal(force=True) is None


def test_refuses_a_database_that_is_not_for_benches_when_debug_is_off(settings, monkeypatch):
    settings.DEBUG = False
    monkeypatch.setitem(connection.settings_dict, "NAME", "ilv")
    assert "does not look like a bench database" in make_data.refusal(force=True)


@pytest.mark.parametrize("name", ["ilv_bench", "test_ilv"])
def test_accepts_bench_and_test_databases_when_debug_is_off(settings, monkeypatch, name, db):
    settings.DEBUG = False
    monkeypatch.setitem(connection.settings_dict, "NAME", name)
    assert make_data.refusal(force=True) is None
