"""The regisseur keeps a plan per year and starts next year's plan from this year's."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from actors.models import Municipality, Organisation
from meetings.models import Meeting
from reports.models import Action, ActionPlan, Theme
from reports.services import ReportError
from reports.services.plans import plan_start_next_year
from tests.reports.conftest import make_action, make_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_with_actions(plan_2022):
    local, network, _csr = plan_2022.domains.order_by("position")
    theme = local.themes.get()
    lier = Municipality.objects.create(name="Lier", nis_code="12021")
    partner = Organisation.objects.create(name="Trividend")
    make_action(local, "Dagelijks aanspreekpunt", is_daily_work=True)
    brochure = make_action(local, "Een digitale brochure ontwikkelen", theme=theme)
    breakfast = make_action(
        network,
        "In regio Lier een ontbijtsessie organiseren",
        status=Action.Status.ONGOING,
        lead_municipality=lier,
        municipalities=[lier],
    )
    breakfast.partners.add(partner)
    make_action(network, "Een bedank-event organiseren", status=Action.Status.DONE)
    make_action(network, "Een geschrapte actie", status=Action.Status.DROPPED)
    return plan_2022, brochure, breakfast


def test_next_years_plan_copies_domains_themes_and_daily_work(plan_with_actions):
    plan, _brochure, _breakfast = plan_with_actions
    new = plan_start_next_year(plan=plan, carry_over=[])
    assert new.year == 2023
    assert [d.name for d in new.domains.order_by("position")] == [
        d.name for d in plan.domains.order_by("position")
    ]
    local = new.domains.get(position=1)
    assert [t.title for t in local.themes.all()] == ["Kenbaarheid"]
    assert [a.text for a in local.actions.daily_work()] == ["Dagelijks aanspreekpunt"]
    assert not Action.objects.specific().filter(domain__plan=new).exists()


def test_chosen_unfinished_actions_are_carried_over_with_their_link(plan_with_actions):
    plan, brochure, breakfast = plan_with_actions
    new = plan_start_next_year(plan=plan, carry_over=[brochure, breakfast])
    carried = {a.text: a for a in Action.objects.specific().filter(domain__plan=new)}
    assert set(carried) == {brochure.text, breakfast.text}
    copy = carried[breakfast.text]
    assert copy.carried_over_from == breakfast
    assert copy.status == Action.Status.ONGOING
    assert copy.lead_municipality.name == "Lier"
    assert [p.name for p in copy.partners.all()] == ["Trividend"]
    assert [m.name for m in copy.municipalities.all()] == ["Lier"]
    assert copy.domain.plan == new and copy.domain.position == breakfast.domain.position
    # The theme is the new plan's copy, not last year's.
    assert carried[brochure.text].theme.domain.plan == new


def test_finished_actions_are_not_carried_over(plan_with_actions):
    plan, _brochure, _breakfast = plan_with_actions
    done = Action.objects.get(text="Een bedank-event organiseren")
    with pytest.raises(ReportError, match="afgerond en gaat niet mee"):
        plan_start_next_year(plan=plan, carry_over=[done])
    assert not ActionPlan.objects.filter(year=2023).exists()


def test_a_year_that_has_a_plan_is_not_started_twice(plan_with_actions):
    plan, _brochure, _breakfast = plan_with_actions
    make_plan(2023)
    with pytest.raises(ReportError, match="Er is al een jaaractieplan 2023"):
        plan_start_next_year(plan=plan, carry_over=[])


def test_an_action_of_another_plan_cannot_be_carried_over(plan_with_actions):
    plan, _brochure, _breakfast = plan_with_actions
    other = make_action(make_plan(2019).domains.first(), "Oud")
    with pytest.raises(ReportError, match="Enkel acties van het jaaractieplan 2022"):
        plan_start_next_year(plan=plan, carry_over=[other])


def test_the_admin_action_offers_the_unfinished_actions_and_starts_the_plan(
    regisseur_client, plan_with_actions
):
    plan, brochure, breakfast = plan_with_actions
    url = reverse("admin:reports_actionplan_changelist")
    data = {"action": "start_next_year", "_selected_action": [plan.pk]}
    page = regisseur_client.post(url, data).content.decode()
    assert "Jaaractieplan 2023 starten" in page
    assert "Een digitale brochure ontwikkelen" in page and "ontbijtsessie" in page
    assert "bedank-event" not in page and "Een geschrapte actie" not in page
    response = regisseur_client.post(
        url, {**data, "apply": "1", "actions": [breakfast.pk]}, follow=True
    )
    new = ActionPlan.objects.get(year=2023)
    assert response.redirect_chain[-1][0] == reverse(
        "admin:reports_actionplan_change", args=[new.pk]
    )
    assert "Jaaractieplan 2023 is gestart" in response.content.decode()
    assert [a.text for a in Action.objects.specific().filter(domain__plan=new)] == [breakfast.text]


def test_the_admin_action_says_so_when_the_year_exists(regisseur_client, plan_with_actions):
    plan, _brochure, _breakfast = plan_with_actions
    make_plan(2023)
    url = reverse("admin:reports_actionplan_changelist")
    data = {"action": "start_next_year", "_selected_action": [plan.pk], "apply": "1"}
    response = regisseur_client.post(url, data, follow=True)
    assert "Er is al een jaaractieplan 2023." in response.content.decode()


def test_an_action_keeps_its_theme_in_its_own_domain(plan_2022):
    network = plan_2022.domains.get(position=2)
    theme = Theme.objects.get(domain__plan=plan_2022)
    with pytest.raises(ValidationError, match="Kies een thema van dit actiedomein"):
        make_action(network, "Verkeerd thema", theme=theme)


def test_an_action_has_one_lead(plan_2022):
    with pytest.raises(ValidationError, match="een gemeente óf een organisatie"):
        make_action(
            plan_2022.domains.first(),
            "Twee trekkers",
            lead_municipality=Municipality.objects.create(name="Lier", nis_code="12021"),
            lead_organisation=Organisation.objects.create(name="Stad Lier"),
        )


def test_annex_2_writes_when_from_timing_dates_or_meetings(plan_2022):
    domain = plan_2022.domains.first()
    action = make_action(domain, "Met timing", timing="najaar 2022")
    assert action.when == "najaar 2022"
    action = make_action(
        domain, "Met data", starts_on=datetime.date(2022, 3, 1), ends_on=datetime.date(2022, 6, 30)
    )
    assert action.when == "01/03/2022–30/06/2022"
    action = make_action(domain, "Met vergaderingen")
    action.meetings.add(
        Meeting.objects.create(title="Ontbijt", date=datetime.date(2022, 2, 24)),
        Meeting.objects.create(title="Later", date=datetime.date(2022, 9, 1), date_precision=2),
    )
    assert action.when == "24/02/2022, Tb. september 2022"


def test_the_action_form_names_the_year_and_domain_of_each_theme(regisseur_client, plan_2022):
    plan_start_next_year(plan=plan_2022)
    html = regisseur_client.get(reverse("admin:reports_action_add")).content.decode()
    assert "2023 – lokale sociale economie: Kenbaarheid" in html
    assert "2022 – lokale sociale economie: Kenbaarheid" in html


def test_a_plan_beyond_2100_is_refused_in_dutch(db):
    with pytest.raises(ReportError, match="2100"):
        plan_start_next_year(plan=make_plan(2100))


def test_only_who_may_add_plans_can_start_one(client, django_user_model, plan_with_actions):
    from django.contrib.auth.models import Group

    from ilv import roles

    plan, _brochure, _breakfast = plan_with_actions
    reader = django_user_model.objects.create_user("lezer", is_staff=True)
    reader.groups.add(Group.objects.get(name=roles.STUURGROEP))
    client.force_login(reader)
    url = reverse("admin:reports_actionplan_changelist")
    client.post(url, {"action": "start_next_year", "_selected_action": [plan.pk], "apply": "1"})
    assert not ActionPlan.objects.filter(year=2023).exists()
