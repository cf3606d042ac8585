"""The files of an import: read safely whatever they hold, and never left behind on the server."""

import io
import os
import random
import time
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from actors.models import LabourMarketFigure, Organisation
from tests.actors.test_import import (
    CSV,
    FIGURE_IMPORT,
    ORG_IMPORT,
    XLSX,
    confirm,
    csv_file,
    preview,
    region,  # noqa: F401 (a fixture)
    xlsx_file,
)

pytestmark = pytest.mark.django_db

ORGANISATIONS = "naam;soort;hoofdkantoor\nEmmaüs;Sociale-economieonderneming;Mechelen\n"


def test_a_utf16_csv_with_a_byte_order_mark_imports(regisseur_client, region):  # noqa: F811
    upload = SimpleUploadedFile("organisaties.csv", ORGANISATIONS.encode("utf-16"))
    response = preview(regisseur_client, ORG_IMPORT, upload)
    assert response.context["confirm_form"] is not None, response.context["form"].errors
    confirm(regisseur_client, ORG_IMPORT, response)
    assert Organisation.objects.get().name == "Emmaüs"


def test_random_bytes_get_a_dutch_message_naming_the_encodings(regisseur_client, region):  # noqa: F811
    upload = SimpleUploadedFile("organisaties.csv", random.Random(16).randbytes(4000))  # noqa: S311
    html = preview(regisseur_client, ORG_IMPORT, upload).content.decode()
    assert (
        "Het bestand kan niet gelezen worden: het is geen tekst in UTF-8, UTF-16 of Windows-1252."
        in html
    )
    assert "InvalidDimensions" not in html and "Error" not in html


def test_a_row_with_more_cells_than_the_header_is_named(regisseur_client, region):  # noqa: F811
    text = ORGANISATIONS + "Mivas;Sociale-economieonderneming;Lier;;\n" + "Werkmaat;x;Lier;extra\n"
    html = preview(regisseur_client, ORG_IMPORT, csv_file(text)).content.decode()
    assert "rij 4 heeft 4 cellen, de rij met kolomnamen maar 3" in html
    assert not Organisation.objects.exists()


ROW = (
    b'<row><c t="inlineStr"><is><t>Lier</t></is></c><c t="inlineStr"><is><t>jobseekers</t></is>'
    b'</c><c t="inlineStr"><is><t>01/2021</t></is></c><c><v>5</v></c></row>'
)


def sheet_of(rows: int) -> bytes:
    """An XLSX whose sheet holds ``rows`` times the same row (Excel's row and cell references are
    optional): a file of kilobytes that unpacks to many megabytes, a "zip bomb". Streamed into
    the archive; openpyxl would take minutes to write it."""
    template = io.BytesIO(xlsx_file([["gemeente", "indicator", "maand", "waarde"]]).read())
    out = io.BytesIO()
    with (
        zipfile.ZipFile(template) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zipped,
    ):
        for member in source.infolist():
            data = source.read(member)
            if member.filename != "xl/worksheets/sheet1.xml":
                zipped.writestr(member, data)
                continue
            head, tail = data.split(b"</sheetData>")
            with zipped.open(member.filename, "w", force_zip64=True) as sheet:
                sheet.write(head)
                for _start in range(0, rows, 10_000):
                    sheet.write(ROW * min(10_000, rows - _start))
                sheet.write(b"</sheetData>" + tail)
    return out.getvalue()


def test_an_xlsx_of_many_rows_is_read_up_to_the_limit_only(regisseur_client, region):  # noqa: F811
    bomb = sheet_of(200_000)  # 26 MB unpacked
    assert len(bomb) < 200 * 1024
    start = time.perf_counter()
    response = preview(regisseur_client, FIGURE_IMPORT, SimpleUploadedFile("b.xlsx", bomb), XLSX)
    assert time.perf_counter() - start < 15  # not all 200,000 rows
    assert "Het bestand telt meer dan 20.000 rijen." in response.content.decode()
    assert not LabourMarketFigure.objects.exists()


def test_an_xlsx_of_three_million_rows_is_not_even_opened(regisseur_client, region):  # noqa: F811
    bomb = sheet_of(3_000_000)  # 390 MB unpacked
    assert len(bomb) < 2 * 1024 * 1024  # well within the upload's limit of 5 MB
    response = preview(regisseur_client, FIGURE_IMPORT, SimpleUploadedFile("b.xlsx", bomb), XLSX)
    assert "Het Excel-bestand is uitgepakt groter dan 50 MB." in response.content.decode()


def test_a_csv_chosen_as_xlsx_gets_a_dutch_message(regisseur_client, region):  # noqa: F811
    html = preview(regisseur_client, ORG_IMPORT, csv_file(ORGANISATIONS), XLSX).content.decode()
    assert "Het bestand kan niet gelezen worden als Excel-bestand (xlsx)." in html
    assert "BadZipFile" not in html


# The uploaded file between preview and confirm


def test_the_uploaded_file_is_removed_after_the_import(regisseur_client, region, import_tmp_dir):  # noqa: F811
    response = preview(regisseur_client, ORG_IMPORT, csv_file(ORGANISATIONS))
    assert len(list(import_tmp_dir.iterdir())) == 1  # waiting for the confirm step
    confirm(regisseur_client, ORG_IMPORT, response)
    assert Organisation.objects.exists()
    assert not any(import_tmp_dir.iterdir())


def test_a_preview_with_errors_keeps_no_file(regisseur_client, region, import_tmp_dir):  # noqa: F811
    bad = ORGANISATIONS + "Werkmaat;vzw;Lier\n"
    response = preview(regisseur_client, ORG_IMPORT, csv_file(bad))
    assert response.context["result"].has_validation_errors()
    assert not any(import_tmp_dir.iterdir())


def test_the_file_of_an_abandoned_preview_is_removed_by_a_later_upload(
    regisseur_client,
    region,  # noqa: F811
    import_tmp_dir,
):
    preview(regisseur_client, ORG_IMPORT, csv_file(ORGANISATIONS))
    (abandoned,) = import_tmp_dir.iterdir()
    recent = preview(regisseur_client, FIGURE_IMPORT, csv_file("gemeente;indicator;maand;waarde\n"))
    assert abandoned.exists()  # an hour-old preview may still be confirmed
    assert not recent.context.get("confirm_form")
    half_a_day_ago = time.time() - 13 * 3600
    os.utime(abandoned, (half_a_day_ago, half_a_day_ago))
    preview(regisseur_client, ORG_IMPORT, csv_file(ORGANISATIONS))
    assert not abandoned.exists()
    assert len(list(import_tmp_dir.iterdir())) == 1  # the new one


def test_confirming_a_preview_whose_file_is_gone_says_so_in_dutch(
    regisseur_client,
    region,  # noqa: F811
    import_tmp_dir,
):
    response = preview(regisseur_client, ORG_IMPORT, csv_file(ORGANISATIONS))
    for path in import_tmp_dir.iterdir():
        path.unlink()
    done = confirm(regisseur_client, ORG_IMPORT, response)
    assert done.status_code == 302 and done["Location"] == ORG_IMPORT
    assert [str(m) for m in done.wsgi_request._messages] == [
        "Er werd niets geïmporteerd: dit voorbeeld is verlopen of al bevestigd. Laad het "
        "bestand opnieuw op."
    ]
    assert not Organisation.objects.exists()


def test_a_csv_is_read_with_the_format_chosen(regisseur_client, region):  # noqa: F811
    response = preview(regisseur_client, ORG_IMPORT, csv_file(ORGANISATIONS), CSV)
    assert response.context["confirm_form"] is not None


def test_an_xlsx_that_declares_too_small_a_size_is_read_whole(regisseur_client, region):  # noqa: F811
    # The sheet says it is A1:D1 (openpyxl's read-only mode would trust that and read no row).
    upload = SimpleUploadedFile("b.xlsx", sheet_of(2))
    result = preview(regisseur_client, FIGURE_IMPORT, upload, XLSX).context["result"]
    assert result.total_rows == 2
    assert [row.number + 1 for row in result.invalid_rows] == [3]  # the same figure twice
