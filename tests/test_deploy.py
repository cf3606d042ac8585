"""The deployment examples of deploy/ match the app: the env file names every variable the
settings read and passes our deploy checks, nginx sets the headers the app trusts and takes the
largest upload, and every job has its timer."""

import re
import secrets
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from meetings.validators import MAX_SIZE as ATTACHMENT_MAX_BYTES

DEPLOY = Path(settings.BASE_DIR, "deploy")
PACKAGES = ["ilv", "actors", "contingents", "meetings", "events", "catalogue", "reports"]


def _env_example() -> dict[str, str]:
    """The example's variables, a commented-out one (``#NAME=value``) included."""
    text = (DEPLOY / "ilv.env.example").read_text()
    return dict(re.findall(r"^#?([A-Z][A-Z0-9_]*)=(.*)$", text, re.MULTILINE))


def _variables_read() -> set[str]:
    read = {"DATABASE_URL"}  # dj_database_url.config()
    for package in PACKAGES:
        for path in Path(settings.BASE_DIR, package).rglob("*.py"):
            read |= set(
                re.findall(r'env_(?:str|bool|int|list)\(\s*"([A-Z0-9_]+)"', path.read_text())
            )
    return read


def _deploy_warnings(**environment) -> set[str]:
    """The ids `manage.py check --deploy` reports in a process with ``environment``."""
    result = subprocess.run(  # noqa: S603 (our own interpreter, fixed arguments)
        [sys.executable, "manage.py", "check", "--deploy"],
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "ilv.settings", **environment},
        capture_output=True,
        text=True,
        cwd=str(settings.BASE_DIR),
        check=True,
    )
    return set(re.findall(r"\(([a-z_]+\.[A-Z]\d+)\)", result.stdout + result.stderr))


def test_the_env_example_names_every_variable_the_app_reads():
    assert _variables_read() - set(_env_example()) == set()


def test_the_env_example_is_read_without_error_and_passes_our_deploy_checks():
    example = {name: value for name, value in _env_example().items() if value}
    assert example["DEBUG"] == "false" and example["TRUSTED_PROXIES"] == "1"
    assert "SECRET_KEY" not in example  # to be made on the server: the app refuses to start
    warnings = _deploy_warnings(**example, SECRET_KEY=secrets.token_urlsafe(50))
    assert not {w for w in warnings if w.split(".")[0] in {"ilv", "events"}}, warnings


def test_nginx_sets_what_the_app_trusts_and_takes_the_largest_upload():
    conf = (DEPLOY / "nginx" / "ilv.conf").read_text()
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in conf
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in conf
    assert "proxy_set_header Host $host;" in conf
    size = int(re.search(r"^\s*client_max_body_size (\d+)m;", conf, re.MULTILINE)[1]) << 20
    assert size > ATTACHMENT_MAX_BYTES
    assert size > getattr(settings, "IMPORT_MAX_BYTES", 0)


def test_nginx_waits_longer_than_gunicorn():
    """gunicorn, not nginx, decides when a request took too long (and restarts its worker)."""
    conf = (DEPLOY / "nginx" / "ilv.conf").read_text()
    unit = (DEPLOY / "systemd" / "ilv-gunicorn.service").read_text()
    nginx_seconds = int(re.search(r"proxy_read_timeout (\d+)s;", conf)[1])
    gunicorn_seconds = int(re.search(r"--timeout (\d+)", unit)[1])
    assert nginx_seconds > gunicorn_seconds


def test_every_job_has_its_timer():
    services = {p.stem for p in (DEPLOY / "systemd").glob("ilv-*.service")}
    timers = {p.stem for p in (DEPLOY / "systemd").glob("ilv-*.timer")}
    assert timers == services - {"ilv-gunicorn"}
    assert {"ilv-mail", "ilv-reminders", "ilv-erasure", "ilv-backup"} <= timers
