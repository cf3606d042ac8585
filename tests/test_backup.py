"""`manage.py backup` and `manage.py restore` (make backup, make restore BACKUP=…): a backup made
from a filled site, restored into an empty database and MEDIA_ROOT, gives back every row and every
file; a restore refuses to overwrite data and refuses a damaged backup.

The backup reads committed rows from another process (pg_dump), hence transactional tests. The
restore runs as `make restore` runs it, in a process of its own, pointed at a scratch database:
a file on SQLite, a database created for the test (and dropped) on PostgreSQL.
"""

import datetime
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.utils import load_backend
from post_office.models import Attachment as MailAttachment

from ilv import backups
from meetings.models import Attachment, Meeting
from reports.models import AnnualReport, ReportApproval
from reports.pdf import CACHE_DIR
from tests.conftest import register_jan_smets

# Committed rows, for pg_dump to see.
transactional = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def site_folders(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.BACKUP_DIR = tmp_path / "backups"
    return tmp_path


@pytest.fixture
def filled_site(demo_data, site_folders):
    """The demo, a meeting's attachment, an approved report's archived PDF, a registration whose
    mail carries a calendar file (kept by the outbox in MEDIA_ROOT), and a cached PDF."""
    meeting = Meeting.objects.filter(body__name="Stuurgroep ILV").first()
    Attachment.objects.create(
        meeting=meeting, title="Verslag", file=ContentFile(PDF, name="verslag.pdf")
    )
    # The approval service renders the whole report as PDF/A (seconds); the backup copies bytes,
    # whatever they are.
    approval = ReportApproval(
        report=AnnualReport.objects.get(year=2021),
        approved_on=datetime.date(2022, 3, 25),
        sha256="a" * 64,
        content_sha256="b" * 64,
        approved_by_name="regisseur",
    )
    approval.pdf.save("goedgekeurd.pdf", ContentFile(PDF + b"%approved\n"), save=True)
    register_jan_smets()
    cache = Path(django_settings.MEDIA_ROOT, CACHE_DIR)
    cache.mkdir(parents=True)
    (cache / "0123abcd.pdf").write_bytes(PDF)


def every_row(wrapper) -> dict[str, list]:
    """Every table's rows, sorted, as Django's backend reads them."""
    with wrapper.cursor() as cursor:
        rows = {}
        for table in wrapper.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {wrapper.ops.quote_name(table)}")  # noqa: S608
            rows[table] = sorted(cursor.fetchall(), key=repr)
        return rows


def sequences(wrapper) -> list:
    """Where the ids go on: a restored site must not hand out an id twice."""
    with wrapper.cursor() as cursor:
        if wrapper.vendor == "postgresql":
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences ORDER BY 1")
        else:
            cursor.execute("SELECT name, seq FROM sqlite_sequence ORDER BY 1")
        return cursor.fetchall()


def every_file(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in root.rglob("*")
        if path.is_file()
    }


@pytest.fixture
def scratch_database(tmp_path):
    """An empty database next to the test database: (its DATABASE_URL, a connection to it)."""
    settings_dict = connection.settings_dict
    if connection.vendor == "sqlite":
        name = str(tmp_path / "herstel.sqlite3")
        url = f"sqlite:///{name}"
    else:
        name = f"{settings_dict['NAME']}_herstel"
        _postgres_admin(
            f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'
        )
        password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
        host = f"{settings_dict['HOST'] or 'localhost'}:{settings_dict['PORT'] or 5432}"
        url = f"postgres://{settings_dict['USER']}{password}@{host}/{name}"
    wrapper = load_backend(settings_dict["ENGINE"]).DatabaseWrapper(
        {**settings_dict, "NAME": name}, alias="herstel"
    )
    yield url, wrapper
    wrapper.close()
    if connection.vendor == "postgresql":
        _postgres_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _postgres_admin(*statements):
    params = {**connection.get_connection_params(), "dbname": "postgres"}
    raw = connection.Database.connect(**params)
    raw.autocommit = True
    try:
        with raw.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        raw.close()


def restore_elsewhere(backup: Path, database_url: str, media_root: Path, *options):
    """`manage.py restore` in a process of its own, as `make restore` runs it in production."""
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "MEDIA_ROOT": str(media_root),
        "SECRET_KEY": "only-for-this-test-" + "x" * 40,
        "DEBUG": "false",
        # restore empties the cache: never the real one, so this process's own memory cache
        "ALLOW_LOCAL_CACHE": "true",
    }
    environment.pop("REDIS_URL", None)
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, "manage.py", "restore", str(backup), *options],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def make_backup(**options) -> Path:
    call_command("backup", stdout=io.StringIO(), **options)
    [latest] = sorted(Path(django_settings.BACKUP_DIR).glob("ilv-*"))[-1:]
    return latest


@transactional
def test_a_restored_backup_gives_back_every_row_and_every_file(filled_site, scratch_database):
    url, restored = scratch_database
    media = Path(django_settings.MEDIA_ROOT)
    backup = make_backup()

    rows, files = every_row(connection), every_file(media)
    # What the site holds, from every place the app writes files.
    assert rows["actors_organisation"] and rows["reports_reportapproval"]
    assert {name.split("/")[0] for name in files} == {
        "vergaderingen",  # meeting attachments
        "rapporten",  # the approved PDF, and the cache
        "post_office_attachments",  # the calendar file of the registration mail
    }
    assert MailAttachment.objects.exists()

    result = restore_elsewhere(backup, url, media.parent / "restored-media")
    assert result.returncode == 0, result.stderr
    assert "teruggezet en nagekeken" in result.stdout

    assert every_row(restored) == rows
    assert sequences(restored) == sequences(connection)
    cached = {name for name in files if name.startswith(CACHE_DIR + "/")}
    assert cached  # made again on demand: not in the backup
    kept = {name: content for name, content in files.items() if name not in cached}
    assert every_file(media.parent / "restored-media") == kept


@transactional
def test_the_manifest_says_what_and_when_and_counts_every_table(filled_site):
    backup = make_backup()
    manifest = json.loads((backup / "manifest.json").read_text())
    assert manifest["app"]["version"] == "0.1.0"
    assert manifest["database"]["engine"] == connection.vendor
    assert manifest["database"]["tables"]["auth_user"]["rows"] == 0
    assert (
        manifest["database"]["tables"]["meetings_attachment"]["rows"]
        == Attachment.objects.count()
        == 1
    )
    approval = ReportApproval.objects.get()
    assert manifest["media"]["files"][approval.pdf.name]["bytes"] == approval.pdf.size
    assert manifest["media"]["skipped"] == [CACHE_DIR]
    assert manifest["missing_files"] == []
    # Personal data and password hashes: for the site's user only.
    assert backup.stat().st_mode & 0o077 == 0


@transactional
def test_a_file_the_database_names_but_media_root_lacks_is_reported(site_folders, demo_data):
    meeting = Meeting.objects.first()
    attachment = Attachment.objects.create(
        meeting=meeting, title="Verslag", file=ContentFile(PDF, name="verslag.pdf")
    )
    Path(attachment.file.path).unlink()
    manifest = json.loads((make_backup() / "manifest.json").read_text())
    assert manifest["missing_files"] == [attachment.file.name]


@transactional
def test_restore_refuses_to_overwrite_a_database_that_holds_data(site_folders):
    backup = make_backup()
    User.objects.create(username="nieuw")
    with pytest.raises(CommandError, match=r"bevat al gegevens: auth_user \(1\).*--force"):
        call_command("restore", str(backup))
    assert User.objects.filter(username="nieuw").exists()


@transactional
def test_restore_refuses_to_overwrite_files(site_folders):
    backup = make_backup()
    Path(django_settings.MEDIA_ROOT, "vergaderingen").mkdir(parents=True)
    Path(django_settings.MEDIA_ROOT, "vergaderingen", "later.pdf").write_bytes(PDF)
    with pytest.raises(CommandError, match=r"MEDIA_ROOT .* bevat al 1 bestanden.*--force"):
        call_command("restore", str(backup))


@transactional
def test_a_database_that_was_only_migrated_counts_as_empty():
    # What a transactional test starts from: migrate's own rows (content types, the roles).
    assert backups.database_holdings() == {}
    User.objects.create(username="nieuw")
    assert backups.database_holdings() == {"auth_user": 1}


@transactional
def test_a_damaged_backup_is_refused_before_anything_changes(site_folders, demo_data):
    meeting = Meeting.objects.first()
    Attachment.objects.create(meeting=meeting, title="Bijlage", file=ContentFile(PDF, name="b.pdf"))
    backup = make_backup()
    [copy] = (backup / "media" / "vergaderingen").rglob("*.pdf")
    copy.write_bytes(PDF.replace(b"1.4", b"1.7"))
    with pytest.raises(CommandError, match="ontbreken of zijn beschadigd: vergaderingen/"):
        call_command("restore", str(backup), force=True)
    assert Attachment.objects.filter(title="Bijlage").exists()


@transactional
def test_restore_refuses_a_backup_of_the_other_engine(site_folders):
    backup = make_backup()
    manifest = json.loads((backup / "manifest.json").read_text())
    manifest["database"]["engine"] = "sqlite" if connection.vendor == "postgresql" else "postgresql"
    (backup / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="Deze back-up is van een"):
        call_command("restore", str(backup), force=True)


@transactional
def test_restore_refuses_a_folder_that_is_no_backup(site_folders):
    with pytest.raises(CommandError, match="is geen back-up"):
        call_command("restore", str(site_folders))


@transactional
def test_keep_leaves_the_newest_backups_only(site_folders):
    made = [make_backup(keep=2) for _ in range(3)]
    left = sorted(Path(django_settings.BACKUP_DIR).iterdir())
    assert left == made[1:]


@transactional
def test_a_backup_that_breaks_off_leaves_nothing_that_looks_like_one(site_folders, monkeypatch):
    def broken(source, target):
        raise OSError("disk full")

    Path(django_settings.MEDIA_ROOT).mkdir()
    Path(django_settings.MEDIA_ROOT, "a.pdf").write_bytes(PDF)
    monkeypatch.setattr(backups, "_file_copy", broken)
    with pytest.raises(OSError, match="disk full"):
        call_command("backup")
    assert list(Path(django_settings.BACKUP_DIR).iterdir()) == []


def test_a_missing_postgresql_client_gets_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(backups.BackupError, match="pg_dump ontbreekt.*postgresql-client-15"):
        backups.postgres_client("pg_dump", "15.20 (Debian 15.20-0+deb12u1)")


def test_a_postgresql_client_older_than_the_server_is_refused():
    if shutil.which("pg_dump") is None:
        pytest.skip("no PostgreSQL client on this machine")
    with pytest.raises(backups.BackupError, match="installeer postgresql-client-99"):
        backups.postgres_client("pg_dump", "99.1")


def test_the_pdf_cache_is_what_backups_leave_out():
    assert django_settings.BACKUP_SKIP == [CACHE_DIR]
