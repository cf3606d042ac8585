"""Users per role, shared by every test module."""

import datetime
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.cache import cache
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Model

from actors.models import Body, Membership, Person
from ilv import roles

PASSWORD = "correct horse battery staple"


def _user(django_user_model, username, group, *, is_staff=False):
    user = django_user_model.objects.create_user(
        username=username, password=PASSWORD, is_staff=is_staff
    )
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def regisseur(db, django_user_model):
    return _user(django_user_model, "regisseur", roles.REGISSEUR, is_staff=True)


@pytest.fixture
def stuurgroep(db, django_user_model):
    return _user(django_user_model, "stuurgroep", roles.STUURGROEP)


@pytest.fixture
def beheerscomite(db, django_user_model):
    return _user(django_user_model, "beheerscomite", roles.BEHEERSCOMITE)


@pytest.fixture
def redis_cache(settings):
    """The shared cache of production (Redis runs next to PostgreSQL, in CI too), under a prefix
    of this test's own: runs of the suite never share keys."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",
        }
    }


@pytest.fixture(autouse=True)
def _empty_cache():
    """Every test starts with an empty cache: pages, PDFs and brochures are cached under
    fingerprints of the data, and a rolled-back test database can give the next test the same
    fingerprint for other data; rate limits count in the cache too."""
    cache.clear()
    yield
    cache.clear()


# Readers whose rights come from a seat, as in actors.access.
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


@pytest.fixture(autouse=True)
def import_tmp_dir(settings, tmp_path):
    """Files uploaded for an import wait in a directory of the test's own (ilv.import_admin)."""
    settings.IMPORT_TMP_DIR = tmp_path / "imports"
    return settings.IMPORT_TMP_DIR


@pytest.fixture(autouse=True)
def _media_of_the_test_session(settings, tmp_path_factory):
    """Uploaded and written files (attachments, mails' .ics files, PDFs) in a folder of the test
    session, never in the project's media/."""
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


@pytest.fixture
def regisseur_client(client, regisseur):
    client.force_login(regisseur)
    return client


@pytest.fixture
def stuurgroep_client(client, stuurgroep):
    client.force_login(stuurgroep)
    return client


@pytest.fixture
def beheerscomite_client(client, beheerscomite):
    client.force_login(beheerscomite)
    return client


@pytest.fixture(scope="session")
def _demo_objects():
    """The fixtures of fixtures/, read once per test run (reading them is most of loaddata's
    time, and most tests start from them)."""
    objects = []
    for path in sorted(Path(settings.BASE_DIR, "fixtures").glob("*.json")):
        with path.open(encoding="utf-8") as stream:
            for deserialized in serializers.deserialize("json", stream):
                # DeserializedObject.save() forgets its many-to-many data after one save.
                objects.append((deserialized.object, dict(deserialized.m2m_data or {})))
    return objects


@pytest.fixture
def demo_data(db, _demo_objects):
    """The fixtures of the 2021 report, as `make run` loads them: what loaddata does (raw saves
    without history, constraints checked at the end, sequences moved past the rows) from the
    objects read once."""
    models = set()
    with transaction.atomic(), connection.constraint_checks_disabled():
        for instance, many in _demo_objects:
            instance._state.adding = True
            Model.save_base(instance, raw=True, force_insert=True)
            for accessor, pks in many.items():
                getattr(instance, accessor).set(pks)
            models.add(type(instance))
    connection.check_constraints(table_names=[m._meta.db_table for m in models])
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


def register_jan_smets(*, closes_at=None):
    """Jan Smets of Stad Lier, registered for workshops 4 and 5 of the seed's Netwerkdag, whose
    registration is opened until ``closes_at`` (a month from now by default)."""
    from django.utils import timezone

    from events.models import Event, Session
    from events.services import registration_create

    event = Event.objects.get(slug="netwerkdag-sociale-economie-2020")
    event.registration_closes_at = closes_at or timezone.now() + datetime.timedelta(days=30)
    event.save()
    return registration_create(
        event=event,
        name="Jan Smets",
        email="jan@example.be",
        organisation_name="Stad Lier",
        organisation_type="local_authority",
        sessions=list(Session.objects.filter(event=event, number__in=[4, 5])),
    )
