"""A login's reading rights follow the seats of its person in the bodies (actors/access.py)."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from actors.access import bodies_of
from actors.models import Body, Membership, Person
from ilv import roles


@pytest.fixture
def bodies(db):
    return (
        Body.objects.create(name="Stuurgroep", kind=Body.Kind.STEERING_GROUP),
        Body.objects.create(name="Beheerscomité", kind=Body.Kind.MANAGEMENT_COMMITTEE),
        Body.objects.create(name="Werkgroep", kind=Body.Kind.WORKING_GROUP),
    )


def seated(django_user_model, body, *, start=None, end=None, name="lid"):
    user = django_user_model.objects.create_user(name)
    person = Person.objects.create(name=name.title(), user=user)
    Membership.objects.create(person=person, body=body, start_date=start, end_date=end)
    return django_user_model.objects.get(pk=user.pk)  # fresh: no permission cache


def test_a_seat_in_the_stuurgroep_gives_the_stuurgroeps_rights(django_user_model, bodies):
    user = seated(django_user_model, bodies[0])
    assert user.has_perm("actors.view_labourmarketfigure")
    assert user.has_perm("reports.view_action")
    assert not user.has_perm("reports.view_annualreport")
    assert not user.has_perm("actors.change_organisation")
    assert list(bodies_of(user)) == [bodies[0]]


def test_a_seat_in_the_beheerscomite_also_gives_the_annual_report(django_user_model, bodies):
    user = seated(django_user_model, bodies[1])
    assert user.has_perm("reports.view_annualreport")
    assert not user.has_perm("events.view_registration")


def test_a_seat_that_ended_or_has_not_started_gives_nothing(django_user_model, bodies):
    today = datetime.date.today()
    ended = seated(django_user_model, bodies[0], end=today - datetime.timedelta(days=1))
    later = seated(
        django_user_model, bodies[1], start=today + datetime.timedelta(days=1), name="nieuw"
    )
    for user in (ended, later):
        assert not user.has_perm("actors.view_labourmarketfigure")
        assert not bodies_of(user).exists()


def test_a_working_group_seat_gives_no_role_and_a_group_by_hand_still_counts(
    django_user_model, bodies
):
    user = seated(django_user_model, bodies[2])
    assert not user.has_perm("actors.view_labourmarketfigure")
    user.groups.add(Group.objects.get(name=roles.STUURGROEP))
    user = django_user_model.objects.get(pk=user.pk)
    assert user.has_perm("actors.view_labourmarketfigure")


def test_the_role_groups_exist_after_migrate(db):
    assert set(Group.objects.values_list("name", flat=True)) >= set(roles.ROLES)


def test_permissions_are_read_once_per_request_with_the_seats_in_the_same_query(
    django_user_model, bodies, django_assert_num_queries
):
    user = seated(django_user_model, bodies[0])
    with django_assert_num_queries(2):  # the user's own permissions, then all group permissions
        assert user.has_perm("actors.view_labourmarketfigure")
        assert user.has_perm("meetings.view_meeting")


def test_the_person_admin_links_a_login_and_says_what_it_reads(
    django_user_model, bodies, regisseur_client
):
    user = seated(django_user_model, bodies[1])
    html = regisseur_client.get(
        reverse("admin:actors_person_change", args=[user.person.pk])
    ).content.decode()
    assert "Leest vandaag als" in html and "Beheerscomité" in html
    assert 'name="user"' in html
