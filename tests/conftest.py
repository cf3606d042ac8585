"""Users per role, shared by every test module."""

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management import call_command

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
def regisseur_client(client, regisseur):
    client.force_login(regisseur)
    return client


@pytest.fixture
def stuurgroep_client(client, stuurgroep):
    client.force_login(stuurgroep)
    return client


@pytest.fixture
def demo_data(db):
    """The fixtures of the 2021 report, as `make run` loads them."""
    fixtures = sorted(str(p) for p in Path(settings.BASE_DIR, "fixtures").glob("*.json"))
    call_command("loaddata", *fixtures, verbosity=0)
