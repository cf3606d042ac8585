"""Login throttling (django-axes): issue 17 saw 60 wrong passwords for the regisseur in a row,
then the right one accepted. The real login form, through the test client (which hands axes the
request, as a browser's login does)."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import PASSWORD

LOGIN = reverse("login")


def attempt(client, password, address="203.0.113.7"):
    return client.post(LOGIN, {"username": "regisseur", "password": password}, REMOTE_ADDR=address)


def test_after_the_limit_even_the_right_password_is_refused_in_dutch(client, regisseur):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "fout").status_code == 200
    # The failure that reaches the limit is answered with the lock-out page already.
    assert attempt(client, "fout").status_code == 429
    locked = attempt(client, PASSWORD)
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "Te veel mislukte aanmeldpogingen" in html
    assert "Probeer het opnieuw over 15 minuten." in html
    assert "_auth_user_id" not in client.session
    # The username is not repeated to whoever typed it.
    assert 'value="regisseur"' not in html


def test_another_address_still_logs_in_and_the_lock_ends_after_the_cooloff(
    client, regisseur, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 3, 1, 9, 0, tzinfo=datetime.UTC))
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "fout")
    # The lock is per username and address: a colleague elsewhere is not locked out by it.
    assert attempt(client, PASSWORD, address="198.51.100.9").status_code == 302
    client.logout()
    assert attempt(client, PASSWORD).status_code == 429
    time_machine.move_to(datetime.datetime(2026, 3, 1, 9, 16, tzinfo=datetime.UTC))
    assert attempt(client, PASSWORD).status_code == 302


def test_a_success_before_the_limit_forgets_the_failures(client, regisseur):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "fout")
    assert attempt(client, PASSWORD).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "fout")
    assert attempt(client, PASSWORD).status_code == 302


@pytest.mark.parametrize("proxies", [1])
def test_behind_a_proxy_the_visitors_address_counts(client, regisseur, settings, proxies):
    settings.TRUSTED_PROXIES = proxies
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            LOGIN,
            {"username": "regisseur", "password": "fout"},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    # Another visitor behind the same proxy is not locked out.
    other = client.post(
        LOGIN,
        {"username": "regisseur", "password": PASSWORD},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.9",
    )
    assert other.status_code == 302


def test_the_regisseur_lifts_a_lock_by_deleting_the_attempt(client, regisseur):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "fout")
    assert attempt(client, PASSWORD).status_code == 429
    assert regisseur.has_perm("axes.delete_accessattempt")
    assert not regisseur.has_perm("axes.add_accessattempt")
    AccessAttempt.objects.filter(username="regisseur").delete()
    assert attempt(client, PASSWORD).status_code == 302
