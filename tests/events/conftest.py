import datetime
import itertools

import pytest
from django.utils import timezone

from events.models import Event, Session
from events.services import registration_create

_counter = itertools.count(1)


@pytest.fixture
def netwerkdag(demo_data):
    """The Netwerkdag of the seed, with its registration still open."""
    event = Event.objects.get(slug="netwerkdag-sociale-economie-2020")
    event.registration_closes_at = timezone.now() + datetime.timedelta(days=30)
    event.save()
    return event


def session(number: int) -> Session:
    return Session.objects.get(event__slug="netwerkdag-sociale-economie-2020", number=number)


def register(
    event, first: int, second: int, *, name=None, email=None, organisation_name=None, **kwargs
):
    """Register someone for workshop ``first`` (round 1) and ``second`` (round 2)."""
    n = next(_counter)
    return registration_create(
        event=event,
        name=name or f"Deelnemer {n}",
        email=email or f"deelnemer{n}@example.be",
        organisation_name=organisation_name or "Gemeente Bornem",
        organisation_type="local_authority",
        sessions=[session(first), session(second)],
        **kwargs,
    )
