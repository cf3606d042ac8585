"""Each municipality takes part in at least one action per domain a year; the report shows where
that is not met."""

import pytest

from reports.models import Action
from reports.queries.compliance import action_compliance
from tests.reports.conftest import make_action, make_plan

pytestmark = pytest.mark.django_db


def counts(compliance):
    return {row.municipality.name: row.counts for row in compliance.rows}


def test_a_regional_action_counts_for_every_member(region):
    plan = make_plan(2021)
    local, network, csr = plan.domains.order_by("position")
    make_action(local, "Regionaal", whole_region=True)
    result = action_compliance(plan, region)
    assert counts(result) == {"Aartselaar": [1, 0, 0], "Boechout": [1, 0, 0], "Duffel": [1, 0, 0]}
    assert [d.short_name for d in result.domains] == [
        "lokale sociale economie",
        "netwerking stimuleren",
        "maatschappelijk verantwoord ondernemen",
    ]
    assert len(result.short) == 3


def test_taking_part_or_leading_counts_and_daily_work_or_dropped_actions_do_not(region):
    aartselaar, boechout, duffel = region.municipalities.order_by("name")
    plan = make_plan(2021)
    local, network, csr = plan.domains.order_by("position")
    make_action(local, "Samen", municipalities=[aartselaar, boechout])
    make_action(network, "Getrokken door Duffel", lead_municipality=duffel)
    make_action(csr, "Dagelijkse werking", is_daily_work=True, whole_region=True)
    make_action(csr, "Geschrapt", whole_region=True, status=Action.Status.DROPPED)
    make_action(csr, "Afgerond", municipalities=[aartselaar], status=Action.Status.DONE)
    make_action(network, "Regionaal", whole_region=True)
    make_action(local, "Elders", whole_region=True)
    result = action_compliance(plan, region)
    assert counts(result) == {
        "Aartselaar": [2, 1, 1],
        "Boechout": [2, 1, 0],
        "Duffel": [1, 2, 0],
    }
    assert [row.municipality.name for row in result.short] == ["Boechout", "Duffel"]


def test_compliance_reads_a_fixed_number_of_queries(region, django_assert_num_queries):
    plan = make_plan(2021)
    for domain in plan.domains.all():
        for i in range(20):
            make_action(domain, f"Actie {i}", municipalities=list(region.municipalities.all()))
    # municipalities, domains, actions, their municipalities
    with django_assert_num_queries(4):
        result = action_compliance(plan, region)
    assert counts(result)["Duffel"] == [20, 20, 20]
