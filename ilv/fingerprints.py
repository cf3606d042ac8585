"""Fingerprints that move when data or code change, for caches of rendered documents.

A model with a history gets a new history row on every save and delete through the ORM, so its
highest history id moves; a table without one only gains rows (ids never come back) and loses
rows, so its count and highest id move. A write that skips the ORM (``QuerySet.update``,
``loaddata``) is not seen: callers keep what they cache for a limited time only.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from django.db import connection


def tables_fingerprint(*, with_history, counted, latest=()) -> tuple:
    """One row that moves with the tables of ``with_history`` (models with a simple-history
    model), ``counted`` (models without) and ``latest`` ((model, field) whose MAX moves): one
    query."""
    # Table and column names come from the models, never from input (hence the S608 waivers).
    quote = connection.ops.quote_name
    parts = [
        f"(SELECT MAX({quote('history_id')}) FROM {quote(m.history.model._meta.db_table)})"  # noqa: S608
        for m in with_history
    ]
    for model in counted:
        table, pk = quote(model._meta.db_table), quote(model._meta.pk.column)
        parts.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608
        parts.append(f"(SELECT MAX({pk}) FROM {table})")  # noqa: S608
    for model, name in latest:
        column = quote(model._meta.get_field(name).column)
        parts.append(f"(SELECT MAX({column}) FROM {quote(model._meta.db_table)})")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return cursor.fetchone()


def code_fingerprint(names, suffixes) -> str:
    """The SHA-256 of the files under ``names`` (paths from BASE_DIR) with one of ``suffixes``:
    what in this release shapes a document."""
    digest = hashlib.sha256()
    for name in names:
        path = Path(settings.BASE_DIR, name)
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            if file.is_file() and file.suffix in suffixes:
                digest.update(str(file.relative_to(settings.BASE_DIR)).encode())
                digest.update(file.read_bytes())
    return digest.hexdigest()
