"""CSV downloads as Belgian Excel opens them: ``;`` between columns, a decimal comma, UTF-8 with a
byte-order mark (so that "Emmaüs" survives)."""

import csv
from decimal import ROUND_HALF_UP, Decimal

from django.http import HttpResponse

# A text cell starting with one of these is a formula to Excel; a name must never become one.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CsvNumber(str):
    """A number already written with a decimal comma; never escaped as a formula."""


def csv_number(value, decimals: int = 2) -> CsvNumber | str:
    """94.15 → "94,15"; None → ""."""
    if value is None:
        return ""
    quantum = Decimal(1).scaleb(-decimals)
    text = str(Decimal(value).quantize(quantum, rounding=ROUND_HALF_UP)).replace(".", ",")
    return CsvNumber(text)


def csv_text(value) -> str:
    if isinstance(value, CsvNumber):
        return value
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_response(filename: str, header: list[str], rows) -> HttpResponse:
    """An attachment with ``header`` and ``rows``; text cells are protected against formulas."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    writer.writerow([csv_text(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_text(cell) for cell in row])
    return response
