"""The production settings (issue 17): `check --deploy` without a warning, and a refusal to start
in a state that silently loses mail or shares nothing between processes. Each case starts
`manage.py` in a process of its own, with only the environment given here."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent
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
        cwd=BASE_DIR,
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
