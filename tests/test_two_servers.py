"""Two app servers on one PostgreSQL, one Redis and one shared folder serve one site: a login
made through one is valid on the other, a registration made through one shows on the other, the
rate limit counted through one stops the next submission on the other, and an import previewed
on one is confirmed on the other (README, "Several app servers").

Two gunicorn processes run with production's settings (DEBUG off, the outbox queue, the manifest
static storage after a real collectstatic, the Redis cache, a /tmp each as on two machines, and
MEDIA_ROOT and IMPORT_TMP_DIR in one folder) against the test database. Servers in
other processes see only committed data, so this runs on PostgreSQL (the second pass of .ci/run)
with transactional tests; SQLite is the single-machine default and has nothing to share.
"""

import contextlib
import datetime
import html
import http.client
import os
import re
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.db import connection
from django.utils import timezone
from post_office.models import Email

from actors.models import Organisation
from events.models import Event, Session
from tests.conftest import PASSWORD

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="servers in other processes share committed data on PostgreSQL only",
    ),
]

# Its own Redis database and key prefix: tests/test_ratelimit.py uses database 15, and a run of the
# suite never meets the keys of another run.
REDIS_URL = "redis://127.0.0.1:6379/14"
CACHE_KEY_PREFIX = f"test-two-servers-{uuid.uuid4().hex}"
START_SECONDS = 30
EVENT = "netwerkdag-sociale-economie-2020"
# events.views.SUBMISSIONS: completed registrations per address and hour.
LIMIT, WINDOW = 30, 3600


@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    def wait_until_stopped(self) -> None:
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@dataclass
class Response:
    status: int
    location: str
    text: str


@dataclass
class Browser:
    """One visitor: its cookies go to whichever server it asks; redirects are not followed."""

    cookies: dict[str, str] = field(default_factory=dict)

    def get(self, server: Server, path: str) -> Response:
        return self._request(server, "GET", path)

    def post(self, server: Server, path: str, form: dict) -> Response:
        form = {"csrfmiddlewaretoken": self.csrf_token, **form}
        body = urlencode(form, doseq=True).encode()
        return self._request(server, "POST", path, body, "application/x-www-form-urlencoded")

    def post_file(self, server: Server, path: str, form: dict, name: str, file: Path) -> Response:
        """``form`` with ``file`` as the field ``name``, as a browser uploads it."""
        boundary = uuid.uuid4().hex
        fields = {"csrfmiddlewaretoken": self.csrf_token, **form}
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
            f"{value}\r\n".encode()
            for key, value in fields.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
            f'filename="{file.name}"\r\nContent-Type: text/csv\r\n\r\n'.encode()
            + file.read_bytes()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        content_type = f"multipart/form-data; boundary={boundary}"
        return self._request(server, "POST", path, b"".join(parts), content_type)

    def log_in(self, server: Server, user) -> None:
        # The suite hashes with MD5 for speed; the servers know production's hashers only.
        user.password = make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
        user.save(update_fields=["password"])
        self.form_token(server, "/aanmelden/")
        login = self.post(server, "/aanmelden/", {"username": user.username, "password": PASSWORD})
        assert login.status == 302 and "sessionid" in self.cookies, login.text[:500]

    def form_token(self, server: Server, path: str) -> None:
        """Open the form at ``path``, keeping its CSRF token (and the cookie that goes with it)."""
        page = self.get(server, path)
        assert page.status == 200, (page.status, page.text[:500])
        self.csrf_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]

    def _request(self, server, method, path, body=None, content_type=None) -> Response:
        headers = {"Content-Type": content_type} if content_type else {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=20)
        try:
            conn.request(method, path, body, headers)
            answer = conn.getresponse()
            text = answer.read().decode()
        finally:
            conn.close()
        for header in answer.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return Response(answer.status, answer.headers.get("Location", ""), text)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    """The test database (test_<name>) as a DATABASE_URL, for processes of their own."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    host = quote(db["HOST"] or "127.0.0.1", safe="")  # a socket folder is a path
    return f"postgres://{credentials}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


def _redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=5)
    try:
        client.ping()
    except redis.ConnectionError as exc:
        pytest.fail(f"Redis does not answer at {REDIS_URL} ({exc}); .ci/run starts it.")
    return client


def _forget_counts(client) -> None:
    for key in client.scan_iter(f"{CACHE_KEY_PREFIX}:*"):
        client.delete(key)


def _environment(**more: str) -> dict[str, str]:
    """Production's settings, as the env file on an app server gives them."""
    keep = ("PATH", "LANG", "LC_ALL", "TZ", "HOME")
    return {name: os.environ[name] for name in keep if name in os.environ} | {
        "DJANGO_SETTINGS_MODULE": "ilv.settings",
        "DEBUG": "false",
        "SECRET_KEY": "two-servers-test-key-not-a-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": CACHE_KEY_PREFIX,
        "LOG_LEVEL": "WARNING",
        **more,
    }


def _start(name: str, environment: dict, tmp: Path) -> Server:
    port = _free_port()
    log = tmp / f"gunicorn-{name}.log"
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "ilv.wsgi",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "1",
        # gunicorn 27 otherwise opens one control socket per user (~/.gunicorn/gunicorn.ctl),
        # where the second server collides with the first.
        "--no-control-socket",
    ]
    with log.open("wb") as stream:
        process = subprocess.Popen(  # noqa: S603 (our own gunicorn, fixed arguments)
            command, env=environment, cwd=settings.BASE_DIR, stdout=stream, stderr=stream
        )
    return Server(name, port, process, log)


def _wait_until_serving(server: Server, deadline: float) -> None:
    """Until the login page (a template with {% static %}: the manifest is there) answers 200."""
    while True:
        if server.process.poll() is not None:
            pytest.fail(f"server {server.name} stopped:\n{server.log.read_text()}")
        with contextlib.suppress(OSError):
            page = Browser().get(server, "/aanmelden/")
            if page.status == 200:
                return
            pytest.fail(f"server {server.name} answers {page.status}:\n{server.log.read_text()}")
        if time.monotonic() > deadline:
            pytest.fail(
                f"server {server.name} not up in {START_SECONDS} s:\n{server.log.read_text()}"
            )
        time.sleep(0.2)


@pytest.fixture(scope="session")
def collecting_static(tmp_path_factory):
    """collectstatic into a folder of its own, as production's recipe runs it (the manifest
    storage needs it). Started before the test database is made, so that both run at once."""
    folder = tmp_path_factory.mktemp("static")
    log = folder.with_suffix(".log")
    with log.open("wb") as stream:
        process = subprocess.Popen(  # noqa: S603 (our own interpreter, fixed arguments)
            [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity=0"],
            env=_environment(STATIC_ROOT=str(folder)),
            cwd=settings.BASE_DIR,
            stdout=stream,
            stderr=stream,
        )
    yield folder, process, log
    if process.poll() is None:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def servers(collecting_static, django_db_setup, tmp_path_factory):
    """Servers A and B on the test database, as long as this module runs."""
    static_root, collecting, collect_log = collecting_static
    assert collecting.wait(timeout=120) == 0, collect_log.read_text()
    redis_client = _redis()
    tmp = tmp_path_factory.mktemp("servers")
    # Shared storage (README, "Several app servers") is one folder for both; each server has a
    # /tmp of its own, as two machines would.
    environment = _environment(
        DATABASE_URL=_database_url(),
        STATIC_ROOT=str(static_root),
        MEDIA_ROOT=str(tmp / "shared" / "media"),
        IMPORT_TMP_DIR=str(tmp / "shared" / "import"),
    )
    started = []
    try:
        for name in "AB":
            (tmp / f"tmp-{name}").mkdir()
            started.append(_start(name, environment | {"TMPDIR": str(tmp / f"tmp-{name}")}, tmp))
        deadline = time.monotonic() + START_SECONDS
        for server in started:
            _wait_until_serving(server, deadline)
        yield started
    finally:
        for server in started:
            server.process.terminate()  # both at once: gunicorn finishes its requests first
        for server in started:
            server.wait_until_stopped()
        _forget_counts(redis_client)


@pytest.fixture
def counts_forgotten():
    """Every test starts with no submission counted for 127.0.0.1 (the servers' shared cache)."""
    _forget_counts(_redis())


@pytest.fixture
def open_event(demo_data):
    """The Netwerkdag of the seed, with its registration open (committed for the servers)."""
    event = Event.objects.get(slug=EVENT)
    event.registration_closes_at = timezone.now() + datetime.timedelta(days=30)
    event.save()
    return event


def registration_form(email: str) -> dict:
    first = Session.objects.get(event__slug=EVENT, number=1)
    second = Session.objects.get(event__slug=EVENT, number=5)
    return {
        "name": "Els Peeters",
        "email": email,
        "organisation_name": "Gemeente Bornem",
        "organisation_type": "local_authority",
        "reeks_1": first.pk,
        "reeks_2": second.pk,
        "join_waiting_list": "on",
        "consent": "on",
        "website": "",
    }


def test_a_login_made_through_one_server_is_valid_on_the_other(servers, regisseur):
    a, b = servers
    visitor = Browser()
    visitor.log_in(a, regisseur)

    # The session lives in the shared database (SESSION_ENGINE's default), signed with the
    # SECRET_KEY both servers share.
    page = visitor.get(b, "/admin/")
    assert page.status == 200 and "regisseur" in page.text
    assert Browser().get(b, "/admin/").status == 302  # it is the cookie that counts


def test_a_registration_made_through_one_server_is_seen_on_the_other(
    servers, open_event, counts_forgotten
):
    a, b = servers
    visitor = Browser()
    path = f"/evenementen/{EVENT}/inschrijven/"
    visitor.form_token(a, path)
    sent = visitor.post(a, path, registration_form("els@bornem.be"))
    assert sent.status == 302 and sent.location.endswith("/inschrijven/verstuurd/"), sent.text

    # The mail waits in the outbox (the database); its personal link opens on either server.
    [queued] = Email.objects.filter(to="els@bornem.be")
    link = re.search(r"http://\S+/inschrijving/\S+/", queued.message)[0]
    page = Browser().get(b, urlsplit(link).path)
    assert page.status == 200 and "Els Peeters" in page.text


def test_the_rate_limit_counted_through_one_server_stops_the_next_submission_on_the_other(
    servers, open_event, counts_forgotten
):
    a, b = servers
    # The limit counts in fixed hourly windows: do not start just before one ends.
    left = WINDOW - time.time() % WINDOW
    if left < 20:
        time.sleep(left + 0.5)
    visitor = Browser()
    path = f"/evenementen/{EVENT}/inschrijven/"
    visitor.form_token(a, path)
    # The same person again and again: a repeated registration completes (and counts) like a new
    # one, while the workshops keep their seats.
    form = registration_form("bot@example.be")
    for attempt in range(LIMIT):
        answer = visitor.post(a, path, form)
        assert answer.status == 302, (attempt, answer.status, answer.text[:500])

    refused = visitor.post(b, path, form)
    assert refused.status == 429
    assert visitor.post(a, path, form).status == 429


def test_an_import_previewed_through_one_server_is_confirmed_on_the_other(
    servers, regisseur, demo_data, tmp_path
):
    a, b = servers
    regisseur_browser = Browser()
    regisseur_browser.log_in(a, regisseur)
    upload = tmp_path / "organisaties.csv"
    upload.write_text("naam;soort;hoofdkantoor\nTwee Servers vzw;social_economy;Mechelen\n")
    path = "/admin/actors/organisation/import/"
    regisseur_browser.form_token(a, path)
    preview = regisseur_browser.post_file(
        a, path, {"resource": "0", "format": "0"}, "import_file", upload
    )
    assert preview.status == 200 and "Twee Servers vzw" in preview.text, preview.text[:2000]
    assert not Organisation.objects.filter(name="Twee Servers vzw").exists()

    # The file waits in IMPORT_TMP_DIR, on the shared storage: B finds what A received.
    confirm = preview.text[
        preview.text.index('action="/admin/actors/organisation/process_import/"') :
    ]
    hidden = {
        re.search(r'name="([^"]+)"', tag)[1]: html.unescape(re.search(r'value="([^"]*)"', tag)[1])
        for tag in re.findall(r"<input[^>]*type=\"hidden\"[^>]*>", confirm)
    }
    done = regisseur_browser.post(b, "/admin/actors/organisation/process_import/", hidden)
    assert done.status == 302, done.text[:2000]
    assert Organisation.objects.filter(name="Twee Servers vzw").exists()
