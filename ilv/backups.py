"""Backups of the database and the uploaded files, and their restore (``manage.py backup`` and
``manage.py restore``; ``make backup`` and ``make restore BACKUP=<path>``).

A backup is one directory under ``BACKUP_DIR``, named after the moment it was made, in UTC so
that the names sort in time (``ilv-20250314-010000Z``):

- ``database.dump``: PostgreSQL, ``pg_dump --format=custom``; or ``database.sqlite3``: SQLite,
  copied with SQLite's online backup API, which gives a consistent copy while the site writes
  (a plain file copy could catch a page half written);
- ``media/``: MEDIA_ROOT (meeting attachments, the archived approved report PDFs, the outbox's
  mail attachments), without the folders of ``BACKUP_SKIP``, whose files the app makes again
  (the cache of rendered report PDFs);
- ``manifest.json``: when, which version of the app, the dump's SHA-256, per table its number of
  rows and a digest of every row's content, per file its size and SHA-256, and the files the
  database names that were not found.

The tables are counted and digested in the very snapshot that is dumped (PostgreSQL: the dump
imports the snapshot of our transaction, ``pg_dump --snapshot``; SQLite: in the copy), so that a
restore can check it got back exactly what was saved. The files are copied after that snapshot:
the app writes a file once, under a new name, before the row that names it, so every file the
snapshot names is already there; one uploaded meanwhile comes along unnamed.

A restore checks the backup against its manifest before it changes anything, refuses to
overwrite a database or a MEDIA_ROOT that holds data unless forced, restores, and checks the
tables against the manifest again.

Digest of a table: the SHA-256 of the MD5 digests of the text of its rows, sorted and joined. The
text of a row is PostgreSQL's ``row::text`` in fixed session settings, or SQLite's ``quote()`` of
each column, so the digest is comparable between two databases of the same engine only.
"""

import dataclasses
import hashlib
import importlib.metadata
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection, models
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
NAME_PATTERN = re.compile(r"^ilv-\d{8}-\d{6}Z(-\d+)?$")

# What `migrate` writes by itself: a database holding rows in these tables only is empty.
MIGRATE_TABLES = frozenset(
    {
        "django_migrations",
        "django_content_type",
        "auth_permission",
        "auth_group",  # the three roles, created by a data migration (ilv/roles.py)
        "auth_group_permissions",
    }
)

# Session settings that make PostgreSQL's text of a row the same on every server and client.
PG_CANONICAL = (
    "SET TIME ZONE 'UTC'",
    "SET DateStyle TO ISO, YMD",
    "SET IntervalStyle TO postgres",
    "SET extra_float_digits TO 1",
    "SET bytea_output TO hex",
)
# The SHA-256 of the rows' MD5 digests (column h of r), sorted and joined; of '' for no rows.
PG_DIGEST = (
    "encode(sha256(convert_to(coalesce(string_agg(r.h, '' ORDER BY r.h), ''), 'UTF8')), 'hex')"
)

CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in Dutch, for the operator."""


@dataclasses.dataclass
class Backup:
    path: Path
    tables: int
    rows: int
    files: int
    missing_files: list[str]
    pruned: list[Path]


@dataclasses.dataclass
class Restore:
    tables: int
    rows: int
    files: int
    notes: list[str]


# Backing up


def backup_create(*, keep: int | None = None) -> Backup:
    """Write a backup of the database and MEDIA_ROOT to a new directory under BACKUP_DIR, then
    keep only the ``keep`` newest backups there (all of them when ``keep`` is None).

    The directory is written under a hidden name and renamed when complete, so a backup that
    broke off never looks like one.
    """
    root = Path(settings.BACKUP_DIR)
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    created_at = timezone.now()
    stamp = f"ilv-{created_at:%Y%m%d-%H%M%S}Z"
    name, count = stamp, 1
    while (root / name).exists():  # two backups within one second
        count += 1
        name = f"{stamp}-{count}"
    work = root / f".{name}.part"
    work.mkdir(mode=0o700)  # personal data and password hashes: for the site's user only
    try:
        engine = _engine()
        dump = work / DUMP[engine]
        if engine == "postgresql":
            tables, named_files, server = _postgres_dump(dump)
        else:
            tables, named_files, server = _sqlite_copy(dump)
        # After the snapshot: every file it names is already written (see the module docstring).
        files = _files_copy(Path(settings.MEDIA_ROOT), work / MEDIA)
        missing = sorted(named_files - set(files))
        manifest = {
            "format": FORMAT,
            "created_at": timezone.localtime(created_at).isoformat(),
            "app": {"version": _app_version(), "commit": _git_commit()},
            "database": {
                "engine": engine,
                "name": str(connection.settings_dict["NAME"]),
                "server_version": server,
                "file": dump.name,
                "sha256": _file_sha256(dump),
                "tables": tables,
            },
            "media": {"skipped": list(settings.BACKUP_SKIP), "files": files},
            "missing_files": missing,
        }
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n")
        work.rename(root / name)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return Backup(
        path=root / name,
        tables=len(tables),
        rows=sum(table["rows"] for table in tables.values()),
        files=len(files),
        missing_files=missing,
        pruned=backups_prune(keep=keep) if keep else [],
    )


def backups_prune(*, keep: int) -> list[Path]:
    """Remove all but the ``keep`` newest backups of BACKUP_DIR; other files there stay."""
    root = Path(settings.BACKUP_DIR)
    found = sorted(
        path
        for path in root.iterdir()
        if path.is_dir() and NAME_PATTERN.match(path.name) and (path / MANIFEST).is_file()
    )
    old = found[:-keep] if keep > 0 else found
    for path in old:
        shutil.rmtree(path)
    return old


def _postgres_dump(target: Path) -> tuple[dict, set[str], str]:
    """pg_dump of the configured database; its tables and named files, read in the snapshot the
    dump is made of, and the server's version."""
    raw = _postgres_connect()
    try:
        with raw.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
            snapshot, server = cursor.fetchone()
            program = postgres_client("pg_dump", server)
            _run(
                [
                    program,
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    "--no-password",
                    f"--file={target}",
                    f"--dbname={connection.settings_dict['NAME']}",
                ],
            )
            tables = _postgres_tables(cursor)
            named = _named_files(cursor, tables)
            cursor.execute("COMMIT")
    finally:
        raw.close()
    return tables, named, server


def _sqlite_copy(target: Path) -> tuple[dict, set[str], str]:
    """A consistent copy of the SQLite database through SQLite's backup API; the copy's tables
    and named files."""
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        tables = _sqlite_tables(cursor)
        named = _named_files(cursor, tables)
    finally:
        copy.close()
    return tables, named, sqlite3.sqlite_version


def _files_copy(source: Path, target: Path) -> dict[str, dict]:
    """Copy the files under ``source`` that a backup keeps; their sizes and SHA-256."""
    files = {}
    for name in _media_files(source):
        files[name] = _file_copy(source / name, target / name)
    return files


# Restoring


def backup_restore(path: Path, *, force: bool = False) -> Restore:
    """Restore the backup in ``path`` into the configured database and MEDIA_ROOT.

    Checks the backup against its manifest first, and refuses a database or MEDIA_ROOT that holds
    data unless ``force``. PostgreSQL restores in one transaction (all or nothing); SQLite's
    backup API replaces the whole database at once. Then the tables are checked against the
    manifest, the files put back (a file of MEDIA_ROOT that the backup lacks stays) and the cache
    emptied, since cached pages carry fingerprints of the data they were made from.
    """
    manifest = _manifest_read(path)
    engine = _engine()
    saved = manifest["database"]
    if saved["engine"] != engine:
        raise BackupError(
            _("Deze back-up is van een %(saved)s-databank; de ingestelde databank is %(now)s.")
            % {"saved": saved["engine"], "now": engine}
        )
    _backup_check(path, manifest)

    media_root = Path(settings.MEDIA_ROOT)
    present = set(_media_files(media_root))
    if not force:
        holdings = database_holdings()
        if holdings:
            listed = ", ".join(f"{table} ({rows})" for table, rows in list(holdings.items())[:5])
            if len(holdings) > 5:
                listed += _(" en %(count)d andere tabellen") % {"count": len(holdings) - 5}
            raise BackupError(
                _(
                    "De databank %(name)s bevat al gegevens: %(tables)s. Herstel weigert ze te "
                    "overschrijven; geef --force (make restore BACKUP=… FORCE=1) om ze te "
                    "vervangen door de back-up."
                )
                % {"name": connection.settings_dict["NAME"], "tables": listed}
            )
        if present:
            raise BackupError(
                _(
                    "MEDIA_ROOT (%(root)s) bevat al %(count)d bestanden. Herstel weigert ze te "
                    "overschrijven; geef --force (make restore BACKUP=… FORCE=1) om de bestanden "
                    "van de back-up erbij te zetten."
                )
                % {"root": media_root, "count": len(present)}
            )

    dump = path / saved["file"]
    if engine == "postgresql":
        tables = _postgres_restore(dump, saved["server_version"])
    else:
        tables = _sqlite_restore(dump)
    _tables_compare(saved["tables"], tables)

    files = manifest["media"]["files"]
    for name, expected in files.items():
        copied = _file_copy(path / MEDIA / name, media_root / name)
        if copied["sha256"] != expected["sha256"]:
            raise BackupError(_("Bestand %(name)s werd niet juist teruggezet.") % {"name": name})
    cache.clear()

    notes = []
    extra_tables = sorted(set(tables) - set(saved["tables"]))
    if extra_tables:
        notes.append(
            _("Tabellen die niet in de back-up staan, bleven staan: %(tables)s.")
            % {"tables": ", ".join(extra_tables)}
        )
    extra_files = present - set(files)
    if extra_files:
        notes.append(
            _("%(count)d bestanden in MEDIA_ROOT staan niet in de back-up en bleven staan.")
            % {"count": len(extra_files)}
        )
    missing = manifest["missing_files"]
    if missing:
        notes.append(
            _("De back-up miste al %(count)d bestanden waarnaar de databank verwijst: %(names)s.")
            % {"count": len(missing), "names": ", ".join(missing)}
        )
    notes.extend(_migrations_notes())
    return Restore(
        tables=len(tables),
        rows=sum(table["rows"] for table in tables.values()),
        files=len(files),
        notes=notes,
    )


def database_holdings() -> dict[str, int]:
    """Rows per table of the configured database, for tables other than what `migrate` fills by
    itself: empty when the database is new (no tables) or only migrated."""
    if _engine() == "postgresql":
        raw = _postgres_connect()
        try:
            with raw.cursor() as cursor:
                counts = _row_counts(cursor, _postgres_table_names(cursor))
        finally:
            raw.close()
    else:
        with connection.cursor() as cursor:
            counts = _row_counts(cursor, _sqlite_table_names(cursor))
    return {table: rows for table, rows in counts.items() if rows and table not in MIGRATE_TABLES}


def _manifest_read(path: Path) -> dict:
    try:
        manifest = json.loads((path / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(
            _("%(path)s is geen back-up: er staat geen %(manifest)s in.")
            % {"path": path, "manifest": MANIFEST}
        ) from None
    except (OSError, ValueError) as error:
        raise BackupError(
            _("Het manifest van %(path)s is onleesbaar: %(error)s") % {"path": path, "error": error}
        ) from None
    if manifest.get("format") != FORMAT:
        raise BackupError(
            _("Onbekend formaat van back-up: %(format)s.") % {"format": manifest.get("format")}
        )
    return manifest


def _backup_check(path: Path, manifest: dict) -> None:
    """The dump and every file as the manifest describes them, before anything is changed."""
    saved = manifest["database"]
    dump = path / saved["file"]
    if not dump.is_file() or _file_sha256(dump) != saved["sha256"]:
        raise BackupError(
            _("De databank van de back-up (%(file)s) ontbreekt of is beschadigd.") % {"file": dump}
        )
    files = manifest["media"]["files"]
    found = set(_media_files(path / MEDIA, skip=False))
    wrong = sorted(
        name
        for name, expected in files.items()
        if name not in found or _file_sha256(path / MEDIA / name) != expected["sha256"]
    )
    if wrong:
        raise BackupError(
            _("Bestanden van de back-up ontbreken of zijn beschadigd: %(names)s.")
            % {"names": ", ".join(wrong)}
        )
    if found - set(files):
        raise BackupError(
            _("De back-up bevat bestanden die niet in het manifest staan: %(names)s.")
            % {"names": ", ".join(sorted(found - set(files)))}
        )


def _postgres_restore(dump: Path, saved_server: str) -> dict[str, dict]:
    """pg_restore in one transaction; the tables as restored."""
    raw = _postgres_connect()
    try:
        with raw.cursor() as cursor:
            cursor.execute("SELECT current_setting('server_version')")
            (server,) = cursor.fetchone()
    finally:
        raw.close()
    program = postgres_client("pg_restore", max(server, saved_server, key=_major))
    connection.close()  # the restore drops tables: hold no connection of ours meanwhile
    _run(
        [
            program,
            "--clean",
            "--if-exists",
            "--no-owner",
            # All or nothing: a restore that fails leaves the database as it was.
            "--single-transaction",
            "--no-password",
            f"--dbname={connection.settings_dict['NAME']}",
            str(dump),
        ]
    )
    raw = _postgres_connect()
    try:
        with raw.cursor() as cursor:
            return _postgres_tables(cursor)
    finally:
        raw.close()


def _sqlite_restore(dump: Path) -> dict[str, dict]:
    """The copy put into the configured SQLite database at once, through the backup API."""
    connection.ensure_connection()
    source = sqlite3.connect(dump.as_uri() + "?mode=ro", uri=True)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    with connection.cursor() as cursor:
        return _sqlite_tables(cursor)


def _tables_compare(saved: dict[str, dict], restored: dict[str, dict]) -> None:
    wrong = [
        _("%(table)s (%(saved)d rijen bewaard, %(restored)s teruggezet)")
        % {
            "table": table,
            "saved": expected["rows"],
            "restored": restored[table]["rows"] if table in restored else _("geen tabel"),
        }
        for table, expected in saved.items()
        if restored.get(table) != expected
    ]
    if wrong:
        raise BackupError(
            _("De teruggezette databank verschilt van de back-up: %(tables)s.")
            % {"tables": "; ".join(wrong)}
        )


def _migrations_notes() -> list[str]:
    """What to do when the backup was made by another version of the app."""
    executor = MigrationExecutor(connection)
    notes = []
    unapplied = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if unapplied:
        notes.append(
            _(
                "De back-up is van een oudere versie: %(count)d migraties ontbreken. Voer "
                "'manage.py migrate' uit voordat de site opnieuw start."
            )
            % {"count": len(unapplied)}
        )
    unknown = set(executor.loader.applied_migrations) - set(executor.loader.graph.nodes)
    if unknown:
        notes.append(
            _(
                "De back-up is van een nieuwere versie van de app (migraties die deze versie niet "
                "kent: %(names)s). Zet eerst die versie van de app terug."
            )
            % {"names": ", ".join(sorted(f"{app}.{name}" for app, name in unknown))}
        )
    return notes


# Tables, rows and files


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in DUMP:
        raise BackupError(
            _("Back-ups kennen PostgreSQL en SQLite, niet %(vendor)s.") % {"vendor": vendor}
        )
    return vendor


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _postgres_table_names(cursor) -> list[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind = 'r' AND pg_table_is_visible(c.oid) "
        "AND n.nspname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"
    )
    return [name for (name,) in cursor.fetchall()]


def _sqlite_table_names(cursor) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY 1"
    )
    return [name for (name,) in cursor.fetchall()]


def _row_counts(cursor, tables: list[str]) -> dict[str, int]:
    counts = {}
    for table in tables:
        # Table names come from the database's own catalogue (hence the S608 waiver).
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def _postgres_tables(cursor) -> dict[str, dict]:
    """Rows and content digest per table, computed by the server (one query per table)."""
    for statement in PG_CANONICAL:
        cursor.execute(statement)
    tables = {}
    for table in _postgres_table_names(cursor):
        hashes = f'SELECT md5(t::text) COLLATE "C" AS h FROM {_quote(table)} AS t'  # noqa: S608
        cursor.execute(f"SELECT COUNT(*), {PG_DIGEST} FROM ({hashes}) AS r")  # noqa: S608
        rows, digest = cursor.fetchone()
        tables[table] = {"rows": rows, "sha256": digest}
    return tables


def _sqlite_tables(cursor) -> dict[str, dict]:
    """Rows and content digest per table, over SQLite's quote() of every column."""
    tables = {}
    for table in _sqlite_table_names(cursor):
        cursor.execute(f"PRAGMA table_info({_quote(table)})")
        columns = " || ',' || ".join(f"quote({_quote(row[1])})" for row in cursor.fetchall())
        cursor.execute(f"SELECT {columns} FROM {_quote(table)}")  # noqa: S608
        hashes = sorted(
            hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()
            for (text,) in cursor.fetchall()
        )
        tables[table] = {
            "rows": len(hashes),
            "sha256": hashlib.sha256("".join(hashes).encode()).hexdigest(),
        }
    return tables


def _named_files(cursor, tables) -> set[str]:
    """The file names the database holds in the FileFields of every model (of every app)."""
    named = set()
    for model in apps.get_models():
        table = model._meta.db_table
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and table in tables:
                column = _quote(field.column)
                cursor.execute(
                    f"SELECT DISTINCT {column} FROM {_quote(table)} WHERE {column} <> ''"  # noqa: S608
                )
                named.update(name for (name,) in cursor.fetchall())
    return named


def _media_files(root: Path, *, skip: bool = True) -> Iterator[str]:
    """The files under ``root`` (relative, with /), without BACKUP_SKIP and BACKUP_DIR when
    ``skip``. Links are not followed: the app writes regular files only."""
    if not root.is_dir():
        return
    root = root.resolve()
    skipped = {root / name for name in settings.BACKUP_SKIP} if skip else set()
    skipped.add(Path(settings.BACKUP_DIR).resolve())
    for folder, subfolders, names in os.walk(root):
        here = Path(folder)
        subfolders[:] = sorted(d for d in subfolders if here / d not in skipped)
        for name in sorted(names):
            if (here / name).is_file() and not (here / name).is_symlink():
                yield (here / name).relative_to(root).as_posix()


def _file_copy(source: Path, target: Path) -> dict:
    """Copy ``source`` to ``target`` (written aside, then moved in one step); its size and
    SHA-256, as read while copying."""
    target.parent.mkdir(parents=True, exist_ok=True)
    digest, size = hashlib.sha256(), 0
    handle, temporary = tempfile.mkstemp(dir=target.parent, suffix=".part")
    try:
        with source.open("rb") as data, os.fdopen(handle, "wb") as out:
            while chunk := data.read(CHUNK):
                digest.update(chunk)
                out.write(chunk)
                size += len(chunk)
        shutil.copystat(source, temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return {"bytes": size, "sha256": digest.hexdigest()}


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as data:
        while chunk := data.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# PostgreSQL's programs and connection


def postgres_client(program: str, server_version: str) -> str:
    """The path of ``program`` (pg_dump, pg_restore), refusing one older than the server: it
    cannot read the server's data (pg_dump) or a newer dump (pg_restore)."""
    path = shutil.which(program)
    major = _major(server_version)
    if path is None:
        raise BackupError(
            _(
                "%(program)s ontbreekt. Installeer de PostgreSQL-client van dezelfde versie als "
                "de server (%(major)s): apt-get install postgresql-client-%(major)s."
            )
            % {"program": program, "major": major}
        )
    # "pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)"
    client = _major(_run([path, "--version"]).split(")", 1)[-1])
    if client < major:
        raise BackupError(
            _(
                "%(program)s is versie %(client)s, de server %(major)s: installeer "
                "postgresql-client-%(major)s."
            )
            % {"program": program, "client": client, "major": major}
        )
    return path


def _major(version: str) -> int:
    """15 from "15.20 (Debian 15.20-0+deb12u1)"."""
    match = re.search(r"\d+", version.strip())
    return int(match.group()) if match else 0


def _postgres_environment() -> dict[str, str]:
    """The environment that points pg_dump and pg_restore at the configured database: the
    password travels here (as for ``manage.py dbshell``), never on a command line."""
    settings_dict = connection.settings_dict
    _args, extra = connection.client.settings_to_cmd_args_env(settings_dict, [])
    environment = {**os.environ, **(extra or {})}
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER")):
        if settings_dict.get(key):
            environment[variable] = str(settings_dict[key])
    return environment


def _postgres_connect():
    """A connection of its own (outside Django's transactions), in autocommit."""
    try:
        raw = connection.get_new_connection(connection.get_connection_params())
    except connection.Database.Error as error:
        raise BackupError(
            _("De databank %(name)s is niet bereikbaar: %(error)s")
            % {"name": connection.settings_dict["NAME"], "error": str(error).strip()}
        ) from None
    raw.autocommit = True
    return raw


def _run(arguments: list[str]) -> str:
    """Run a PostgreSQL program; its output, or a BackupError with what it wrote to stderr."""
    environment = _postgres_environment() if connection.vendor == "postgresql" else None
    result = subprocess.run(  # noqa: S603 (programs found on PATH, arguments of our own)
        arguments, env=environment, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(
            _("%(program)s faalde: %(error)s")
            % {"program": Path(arguments[0]).name, "error": result.stderr.strip()}
        )
    return result.stdout


# The version of the app that made the backup


def _app_version() -> str | None:
    try:
        return importlib.metadata.version("ilv-regie")
    except importlib.metadata.PackageNotFoundError:
        return None


def _git_commit() -> str | None:
    """The commit of the code, when it runs from a git checkout with git installed."""
    git = shutil.which("git")
    if git is None or not Path(settings.BASE_DIR, ".git").exists():
        return None
    result = subprocess.run(  # noqa: S603 (git from PATH, fixed arguments)
        [git, "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return None
    return result.stdout.strip() or None
