"""Importing labour-market figures at Flanders scale: what the database is asked does not grow with
the file, every figure keeps its history, and the preview summarises instead of listing."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from actors.models import LabourMarketFigure, Municipality
from tests.actors.test_import import FIGURE_IMPORT, confirm, csv_file, preview

pytestmark = pytest.mark.django_db

INDICATORS = [label for _code, label in LabourMarketFigure.Indicator.choices]


@pytest.fixture
def municipalities(db):
    return [
        Municipality.objects.create(name=f"Gemeente {n}", nis_code=f"{11000 + n}")
        for n in range(10)
    ]


def figures_csv(municipalities, rows: int, *, first_month=datetime.date(2030, 1, 1)) -> str:
    """``rows`` figures: every municipality × indicator in a month, then the next month."""
    lines = ["gemeente;indicator;maand;waarde"]
    month = first_month
    while len(lines) <= rows:
        for municipality in municipalities:
            for indicator in INDICATORS:
                lines.append(f"{municipality.name.upper()};{indicator};{month:%m/%Y};{len(lines)}")
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return "\n".join(lines[: rows + 1]) + "\n"


def import_statements(client, text) -> tuple[list[str], list[str]]:
    """The SQL statements of the preview and of the confirm step (savepoint names left out)."""
    statements = []
    ContentType.objects.clear_cache()  # as in a fresh process, for both files alike

    def record(execute, sql, params, many, context):
        statements.append(re.sub(r'"s\d+_x\d+"', "sp", sql))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        response = preview(client, FIGURE_IMPORT, csv_file(text))
        assert response.context["confirm_form"] is not None
        previewing, statements = statements, []
        done = confirm(client, FIGURE_IMPORT, response)
    assert done.status_code == 302
    client.get(done["Location"])  # shows (and so removes) the message, as a browser would
    return previewing, statements


def reads(statements) -> list[str]:
    """The statements but for their conditions (which list the file's values), and but for the
    INSERTs: the figures and their history rows are written in batches, and on SQLite (999
    parameters per statement) 100 history rows take two."""
    return [sql.split(" WHERE ")[0] for sql in statements if not sql.startswith("INSERT")]


def test_an_import_asks_the_database_as_often_for_100_rows_as_for_10(
    regisseur_client, municipalities
):
    small = import_statements(regisseur_client, figures_csv(municipalities, 10))
    large = import_statements(
        regisseur_client, figures_csv(municipalities, 100, first_month=datetime.date(2031, 1, 1))
    )
    assert LabourMarketFigure.objects.count() == 110
    assert reads(large[0]) == reads(small[0]) and reads(large[1]) == reads(small[1])
    # The preview of 10 rows: the session, the user and their permissions (2); the import's
    # transaction; the checks of the columns; the municipalities (the records, then by name and
    # by NIS code); the existing figures of the file; the figures holding its unique values;
    # the figures and their history rows written in one batch each; after_import; the rollback.
    assert len(small[0]) == 20
    # Confirming writes the same way, then the admin log (the content type, one batch).
    assert len(small[1]) <= 24


def test_every_figure_written_in_bulk_keeps_its_history_with_the_user(
    regisseur_client, municipalities
):
    text = figures_csv(municipalities, 10)
    confirm(
        regisseur_client, FIGURE_IMPORT, preview(regisseur_client, FIGURE_IMPORT, csv_file(text))
    )
    history = LabourMarketFigure.history.model.objects
    assert history.count() == 10
    assert set(history.values_list("history_type", "history_user__username")) == {
        ("+", "regisseur")
    }

    lines = text.splitlines()
    changed = [lines[0], *lines[1:4], *[line + "0" for line in lines[4:7]]]  # 3 same, 3 changed
    response = preview(regisseur_client, FIGURE_IMPORT, csv_file("\n".join(changed) + "\n"))
    assert [row.import_type for row in response.context["result"].valid_rows()] == [
        "skip",
        "skip",
        "skip",
        "update",
        "update",
        "update",
    ]
    confirm(regisseur_client, FIGURE_IMPORT, response)
    updates = history.filter(history_type="~")
    assert updates.count() == 3
    assert {h.history_user.username for h in updates} == {"regisseur"}
    assert {h.value for h in updates} == {
        f.value for f in LabourMarketFigure.objects.filter(pk__in=updates.values("id"))
    }
