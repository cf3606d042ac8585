"""`manage.py load_demo`: the 2021 report's data and three demo logins, idempotent."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from actors.models import (
    Body,
    LabourMarketFigure,
    Membership,
    Municipality,
    Organisation,
    Person,
    Region,
)

pytestmark = pytest.mark.django_db

MODELS = [Municipality, Region, Organisation, Person, Body, Membership, LabourMarketFigure]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS} | {
        "users": get_user_model().objects.count()
    }


def test_load_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo")
    assert not Municipality.objects.exists()
    assert not get_user_model().objects.exists()


def test_load_demo_twice_loads_everything_once(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    first = counts()
    call_command("load_demo", verbosity=0)
    assert counts() == first
    assert first["Municipality"] == 10
    assert first["users"] == 3


def test_demo_rows_start_with_a_created_entry_in_their_history(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    organisation = Organisation.objects.get(name="Ecoso")
    assert [h.history_type for h in organisation.history.all()] == ["+"]


def test_load_demo_with_force_runs_without_debug(settings):
    settings.DEBUG = False
    call_command("load_demo", "--force", verbosity=0)
    assert Region.objects.home().name == "ILV regie sociale economie Rivierenland"


def test_demo_logins_have_their_roles(settings):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    # With a request, as the login form does (django-axes refuses an authentication without).
    request = RequestFactory().post("/aanmelden/")
    regisseur = authenticate(request, username="regisseur", password="demo")
    stuurgroep = authenticate(request, username="stuurgroep", password="demo")
    beheerscomite = authenticate(request, username="beheerscomite", password="demo")
    assert regisseur.is_staff and not regisseur.is_superuser
    assert regisseur.has_perm("actors.change_organisation")
    assert regisseur.has_perm("actors.import_labourmarketfigure")
    for reader in (stuurgroep, beheerscomite):
        assert not reader.is_staff
        assert reader.has_perm("actors.view_organisation")
        assert not reader.has_perm("actors.change_organisation")
    # The readers' rights come from the seats of the person whose login it is, not from a group.
    assert not beheerscomite.groups.exists() and not stuurgroep.groups.exists()
    assert beheerscomite.person.memberships.filter(body__kind="management_committee").exists()
    assert stuurgroep.person.memberships.filter(body__kind="steering_group").exists()
    assert beheerscomite.has_perm("reports.view_annualreport")
    assert not stuurgroep.has_perm("reports.view_annualreport")
    assert stuurgroep.has_perm("reports.view_action")


def test_demo_data_is_the_region_of_the_2021_report(demo_data):
    region = Region.objects.home()
    assert region.lead_municipality.name == "Mechelen"
    assert sorted(region.municipalities.values_list("nis_code", flat=True)) == [
        "12005",
        "12007",
        "12009",
        "12014",
        "12021",
        "12025",
        "12029",
        "12035",
        "12040",
        "12041",
    ]
    # Headquarters as written in the report, also outside the region.
    assert Organisation.objects.get(name="Manus Mechelen").headquarters == "Antwerpen/Mechelen"
    assert Organisation.objects.get(name="Groep Intro Maatwerk").headquarters == "Anderlecht"
    assert Organisation.objects.get(name="Natuur en Landschapzorg").headquarters == "Ekeren"


def test_demo_data_has_annex_1_with_every_member_and_role(demo_data):
    committee = Membership.objects.filter(body__kind=Body.Kind.MANAGEMENT_COMMITTEE)
    steering = Membership.objects.filter(body__kind=Body.Kind.STEERING_GROUP)
    chair = committee.get(role=Membership.Role.CHAIR)
    assert (chair.person.name, chair.municipality.name) == ("Luc Van Houtven", "Duffel")
    vice = committee.get(role=Membership.Role.VICE_CHAIR)
    assert (vice.person.name, vice.municipality.name) == ("An Coen", "Sint-Katelijne-Waver")
    assert committee.filter(role=Membership.Role.MEMBER).count() == 8
    assert steering.filter(role=Membership.Role.MEMBER).count() == 10
    assert {m.municipality.name for m in steering.filter(role=Membership.Role.MEMBER)} == set(
        Municipality.objects.values_list("name", flat=True)
    )
    secretary = steering.get(role=Membership.Role.SECRETARIAT)
    assert secretary.person.name == "Guido Vangoidsenhoven"
    assert Body.objects.get(kind=Body.Kind.STEERING_GROUP).min_meetings_per_year == 4
    assert Body.objects.get(kind=Body.Kind.MANAGEMENT_COMMITTEE).min_meetings_per_year == 2


def test_demo_data_has_the_labour_market_figures_of_january_2021(demo_data):
    jan_2021 = datetime.date(2021, 1, 1)
    region = Region.objects.home()
    regional = {
        f.indicator: f.value
        for f in LabourMarketFigure.objects.filter(region=region, reference_month=jan_2021)
    }
    assert regional["jobseeker_rate"] == Decimal("6.60")
    assert regional["jobseekers"] == 9788
    assert regional["long_term"] == 3306
    assert regional["vacancies_open"] == 6045
    per_municipality = LabourMarketFigure.objects.filter(
        municipality__isnull=False, indicator="jobseekers", reference_month=jan_2021
    )
    assert per_municipality.get(municipality__name="Mechelen").value == 3508
    # The region's total is the sum of its municipalities, as in the report.
    assert sum(f.value for f in per_municipality) == regional["jobseekers"]
    # January 2022 is empty in the report: no rows, not zeros.
    assert not LabourMarketFigure.objects.filter(reference_month=datetime.date(2022, 1, 1)).exists()


def test_demo_event_is_a_marked_copy_of_the_netwerkdag_open_a_few_weeks_from_today(settings):
    from events.models import Event, Session

    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    original = Event.objects.get(slug="netwerkdag-sociale-economie-2020")
    demo = Event.objects.get(slug="netwerkdag-demo")
    today = timezone.localdate()
    assert demo.date == today + datetime.timedelta(days=28)
    assert "DEMO" in demo.title
    assert demo.is_published and demo.registration_is_open()
    assert original.date == datetime.date(2020, 10, 29)
    assert not original.registration_is_open()
    # The same programme, as workshops of its own.
    demo_titles = sorted(Session.objects.filter(round__event=demo).values_list("title", flat=True))
    assert demo_titles
    assert demo_titles == sorted(
        Session.objects.filter(round__event=original).values_list("title", flat=True)
    )
    assert not demo.registrations.exists()


def test_demo_event_moves_with_today_and_is_not_duplicated(settings, time_machine):
    from events.models import Event

    settings.DEBUG = True
    time_machine.move_to(datetime.datetime(2026, 1, 10, 12, tzinfo=datetime.UTC))
    call_command("load_demo", verbosity=0)
    time_machine.move_to(datetime.datetime(2026, 3, 1, 12, tzinfo=datetime.UTC))
    call_command("load_demo", verbosity=0)
    demos = Event.objects.filter(slug="netwerkdag-demo")
    assert demos.count() == 1
    assert demos.get().date == datetime.date(2026, 3, 29)
    assert demos.get().registration_is_open()


def test_the_demo_has_a_follow_up_to_try_marked_as_demo(settings, client):
    settings.DEBUG = True
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)  # again: made anew, never doubled
    client.force_login(get_user_model().objects.get(username="stuurgroep"))
    html = client.get(reverse("home")).content.decode()
    decisions = html[html.index('id="beslissingen"') : html.index('id="kerncijfers"')]
    assert "2 openstaande beslissingen" in decisions and "te laat" in decisions
    assert "DEMO – De regisseur verzamelt het aanbod" in decisions
    agenda = html[html.index('id="agenda"') : html.index('id="beslissingen"')]
    assert "DEMO: volgende vergadering" in agenda
