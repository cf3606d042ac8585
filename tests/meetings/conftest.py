"""Readers of the meetings app: logins whose person sits in a body, as in actors.access."""

import datetime

import pytest

from actors.models import Body, Membership, Person


def seat(user, body_name: str, *, start=None, end=None) -> Membership:
    """Give ``user`` a person (once) with a seat in the body called ``body_name``."""
    person, _created = Person.objects.get_or_create(
        user=user, defaults={"name": f"{user.username} (test)"}
    )
    return Membership.objects.create(
        person=person, body=Body.objects.get(name=body_name), start_date=start, end_date=end
    )


@pytest.fixture
def steering_member(stuurgroep, demo_data):
    """The stuurgroep login, sitting in the stuurgroep since 2021."""
    seat(stuurgroep, "Stuurgroep ILV", start=datetime.date(2021, 1, 1))
    return stuurgroep


@pytest.fixture
def committee_member(beheerscomite, demo_data):
    """The beheerscomité login, sitting in the beheerscomité since 2021."""
    seat(beheerscomite, "Beheerscomité ILV", start=datetime.date(2021, 1, 1))
    return beheerscomite
