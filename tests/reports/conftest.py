"""Plans and reports built through the models and services, as the regisseur would."""

import datetime

import pytest

from actors.models import Municipality, Region
from reports.models import Action, ActionDomain, ActionPlan, AnnualReport, Theme

DOMAINS = [
    ("De lokale sociale economie verder uitbouwen", "lokale sociale economie"),
    ("Netwerking op het grondgebied stimuleren", "netwerking stimuleren"),
    ("Maatschappelijk verantwoord ondernemen bevorderen", "maatschappelijk verantwoord ondernemen"),
]


@pytest.fixture(autouse=True)
def _report_media(settings, tmp_path_factory):
    """PDFs and archives in a folder of the test session (the PDF cache is keyed by content, so
    tests that render the same document share one rendering)."""
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "report-media"


def make_plan(year: int, *, domains=DOMAINS) -> ActionPlan:
    plan = ActionPlan.objects.create(year=year)
    for position, (name, short_name) in enumerate(domains, start=1):
        ActionDomain.objects.create(plan=plan, position=position, name=name, short_name=short_name)
    return plan


def make_action(domain: ActionDomain, text: str, **fields) -> Action:
    municipalities = fields.pop("municipalities", [])
    action = Action(domain=domain, text=text, **fields)
    action.full_clean()
    action.save()
    action.municipalities.set(municipalities)
    return action


@pytest.fixture
def region(db):
    region = Region.objects.create(name="Proefregio", is_home=True)
    for i, name in enumerate(["Aartselaar", "Boechout", "Duffel"]):
        region.municipalities.add(Municipality.objects.create(name=name, nis_code=f"1100{i}"))
    return region


@pytest.fixture
def plan_2022(db):
    plan = make_plan(2022)
    domain = plan.domains.get(position=1)
    Theme.objects.create(domain=domain, position=1, title="Kenbaarheid", context="Onbekend.")
    return plan


def make_report(year: int = 2021) -> AnnualReport:
    return AnnualReport.objects.create(year=year, situation_date=datetime.date(year + 1, 3, 25))
