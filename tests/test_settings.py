import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ilv.env import env_bool, env_int, env_list


def test_env_bool_reads_the_usual_spellings_and_refuses_others(monkeypatch):
    monkeypatch.setenv("X", "yes")
    assert env_bool("X") is True
    monkeypatch.setenv("X", "0")
    assert env_bool("X") is False
    monkeypatch.setenv("X", "maybe")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env_bool("X")
    monkeypatch.delenv("X")
    assert env_bool("X", default=True) is True


def test_env_int_and_list(monkeypatch):
    monkeypatch.setenv("N", "12")
    assert env_int("N", 1) == 12
    monkeypatch.setenv("N", "twelve")
    with pytest.raises(ImproperlyConfigured):
        env_int("N", 1)
    monkeypatch.setenv("HOSTS", "a.example, b.example,,")
    assert env_list("HOSTS") == ["a.example", "b.example"]


def test_locale_is_belgian_dutch(settings):
    from django.utils import formats

    assert settings.LANGUAGE_CODE == "nl-be"
    assert settings.TIME_ZONE == "Europe/Brussels"
    assert formats.get_format("SHORT_DATE_FORMAT") == "d/m/Y"
    assert formats.get_format("DECIMAL_SEPARATOR") == ","


def _settings_in_a_fresh_process(**environment) -> dict:
    import json
    import subprocess
    import sys

    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "ilv.settings", **environment}
    code = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'proxy_ssl': getattr(s, 'SECURE_PROXY_SSL_HEADER', None), "
        "'cache': s.CACHES['default']['BACKEND']}))"
    )
    result = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=str(settings.BASE_DIR),
        check=True,
    )
    return json.loads(result.stdout)


def test_behind_an_https_proxy_links_are_built_with_https():
    production = {
        "DEBUG": "false",
        "SECRET_KEY": "x" * 50,
        "HTTPS": "true",
        "ALLOW_LOCAL_CACHE": "true",
    }
    behind = _settings_in_a_fresh_process(**production, TRUSTED_PROXIES="1")
    assert behind["proxy_ssl"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    # Reached directly, a visitor's own X-Forwarded-Proto is never believed.
    assert _settings_in_a_fresh_process(**production)["proxy_ssl"] is None


def test_redis_url_gives_every_process_one_cache():
    shared = _settings_in_a_fresh_process(DEBUG="true", REDIS_URL="redis://127.0.0.1:6379/0")
    assert shared["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert _settings_in_a_fresh_process(DEBUG="true")["cache"].endswith("LocMemCache")


# Production (issue 17): `check --deploy` without a warning, and a refusal to start in a state
# that silently loses mail or shares nothing between processes.
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-key-" + "x" * 40,
    "ALLOWED_HOSTS": "regie.example.be",
    "CSRF_TRUSTED_ORIGINS": "https://regie.example.be",
    "SITE_URL": "https://regie.example.be",
    "HTTPS": "true",
    "TRUSTED_PROXIES": "1",
    "REDIS_URL": "redis://127.0.0.1:6379/9",
    "EMAIL_HOST": "smtp.example.be",
}


def manage(*args, **environment) -> subprocess.CompletedProcess:
    keep = {
        name: os.environ[name] for name in ("PATH", "HOME", "DATABASE_URL") if name in os.environ
    }
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**keep, **environment},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_passes_the_deploy_check_without_a_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"REDIS_URL": ""}, "REDIS_URL must be set while DEBUG is off"),
        (
            {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"},
            "EMAIL_BACKEND does not send mail while DEBUG is off",
        ),
        ({"SECRET_KEY": ""}, "SECRET_KEY must be set when DEBUG is off"),
    ],
)
def test_production_refuses_to_start_without_what_it_needs(change, message):
    result = manage("check", **{**PRODUCTION, **change})
    assert result.returncode != 0
    assert message in result.stderr


def test_a_setting_can_say_that_a_local_cache_and_local_mail_are_wanted():
    environment = {
        **PRODUCTION,
        "REDIS_URL": "",
        "ALLOW_LOCAL_CACHE": "true",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "ALLOW_LOCAL_MAIL": "true",
    }
    result = manage("check", **environment)
    assert result.returncode == 0, result.stderr
