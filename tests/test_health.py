"""/gezondheid/: what a load balancer asks before it sends a process traffic."""

import pytest
from django.db import OperationalError, connection
from django.urls import reverse

pytestmark = pytest.mark.django_db

URL = "/gezondheid/"


def test_the_address_is_the_documented_one():
    assert reverse("health") == URL


def test_answers_200_to_anyone_with_one_query_and_nothing_to_keep(
    client, django_assert_num_queries
):
    with django_assert_num_queries(1):  # SELECT 1
        response = client.get(URL)
    assert response.status_code == 200
    assert response.content == b"in orde\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert not response.cookies  # no session, no CSRF cookie


def test_answers_head_and_refuses_other_methods(client):
    assert client.head(URL).status_code == 200
    assert client.post(URL).status_code == 405


def test_answers_503_when_the_database_does_not(client, monkeypatch):
    def broken():
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "cursor", broken)
    response = client.get(URL)
    assert response.status_code == 503
    assert response.content == b"onbereikbaar: databank\n"
    assert "no-store" in response["Cache-Control"]


def test_checks_the_shared_cache_when_there_is_one(client, redis_cache):
    assert client.get(URL).status_code == 200


def test_answers_503_when_the_shared_cache_does_not(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    response = client.get(URL)
    assert response.status_code == 503
    assert response.content == b"onbereikbaar: cache\n"
