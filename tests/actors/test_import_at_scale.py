"""Importing labour-market figures at Flanders scale: what the database is asked does not grow with
the file, every figure keeps its history, and the preview summarises instead of listing."""

import datetime
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from actors.models import LabourMarketFigure, Municipality
from actors.resources import LabourMarketFigureResource
from ilv.importing import PREVIEW_ROWS
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
                value = len(lines) % 97  # a count, and a percentage too
                lines.append(f"{municipality.name.upper()};{indicator};{month:%m/%Y};{value}")
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


def test_the_preview_shows_the_counts_and_the_first_rows_only(regisseur_client, municipalities):
    response = preview(regisseur_client, FIGURE_IMPORT, csv_file(figures_csv(municipalities, 120)))
    html = response.content.decode()
    summary = response.context["summary"]
    assert (summary.total, summary.new, summary.updated, summary.unchanged, summary.failed) == (
        120,
        120,
        0,
        0,
        0,
    )
    assert html.count('<tr class="new">') == PREVIEW_ROWS
    assert "<caption>120 rijen in het bestand</caption>" in html
    assert "de 70 andere rijen worden op dezelfde manier verwerkt" in html
    assert "Gemeente 4" in html and "Gemeente 5" not in html  # rows 2–51: five municipalities
    assert response.context["confirm_form"] is not None


def test_the_preview_lists_every_error_also_beyond_the_first_rows(regisseur_client, municipalities):
    lines = figures_csv(municipalities, 120).splitlines()
    lines[3] = lines[3].replace("GEMEENTE 0", "Gent")  # spreadsheet row 4
    lines[110] = lines[110].rsplit(";", 1)[0] + ";-5"  # row 111, after the first 50
    response = preview(regisseur_client, FIGURE_IMPORT, csv_file("\n".join(lines) + "\n"))
    html = response.content.decode()
    errors = response.context["summary"].errors
    assert [row.number for row in errors] == [4, 111]
    assert errors[0].by_column == [("gemeente", "Onbekende gemeente: “Gent”.")]
    assert errors[1].general == ["Een arbeidsmarktcijfer kan niet negatief zijn."]
    assert "Onbekende gemeente: “Gent”." in html
    assert "Een arbeidsmarktcijfer kan niet negatief zijn." in html
    assert "<tr>\n        <td>4</td>" in html and "<tr>\n        <td>111</td>" in html
    assert response.context["summary"].failed == 2
    assert not response.context.get("confirm_form")
    assert not LabourMarketFigure.objects.exists()


def test_a_file_larger_than_the_limit_is_refused_in_dutch(
    regisseur_client, municipalities, settings, import_tmp_dir
):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    text = figures_csv(municipalities, 100) + "\n" * (1024 * 1024)
    response = preview(regisseur_client, FIGURE_IMPORT, csv_file(text))
    assert response.status_code == 200
    assert (
        "Het bestand is te groot (1 MB). Een import mag hoogstens 1 MB en 20.000 rijen tellen"
        in (response.content.decode())
    )
    assert not LabourMarketFigure.objects.exists()
    assert not any(import_tmp_dir.glob("*"))  # never written


def test_a_file_with_more_rows_than_the_limit_is_refused_in_dutch(
    regisseur_client, municipalities, settings, import_tmp_dir
):
    settings.IMPORT_MAX_ROWS = 50
    response = preview(regisseur_client, FIGURE_IMPORT, csv_file(figures_csv(municipalities, 51)))
    assert (
        "Het bestand telt meer dan 50 rijen. Een import mag hoogstens 50 rijen tellen: verdeel de "
        "gegevens over meerdere bestanden." in response.content.decode()
    )
    assert "confirm_form" not in response.context or not response.context["confirm_form"]
    assert not any(import_tmp_dir.glob("*"))  # removed at once: there is nothing to confirm
    fifty = preview(regisseur_client, FIGURE_IMPORT, csv_file(figures_csv(municipalities, 50)))
    assert fifty.context["confirm_form"] is not None


@pytest.mark.parametrize("cell", ["mechelen", "MECHELEN"])
def test_a_name_that_matches_two_municipalities_but_for_case_is_refused(
    regisseur_client, municipalities, cell
):
    Municipality.objects.create(name="Mechelen", nis_code="12025")
    Municipality.objects.create(name="MECHELEN", nis_code="99999")
    text = (
        "gemeente;indicator;maand;waarde\n"
        "Gemeente 1;jobseekers;01/2030;5\n"
        f"{cell};jobseekers;01/2030;7\n"
    )
    result = preview(regisseur_client, FIGURE_IMPORT, csv_file(text)).context["result"]
    assert [(row.number + 1, row.error_dict) for row in result.invalid_rows] == [
        (3, {"gemeente": [f"Onbekende gemeente: “{cell}”."]})
    ]
    # By NIS code, or outside an import (a query per cell then), it is found.
    widget = LabourMarketFigureResource().fields["municipality"].widget
    assert widget.clean("12025").name == "Mechelen"
    with pytest.raises(ValueError, match="Onbekende gemeente"):
        widget.clean(cell)
