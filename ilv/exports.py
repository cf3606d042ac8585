"""CSV downloads as Belgian Excel opens them: ``;`` between columns, a decimal comma, UTF-8 with a
byte-order mark (so that "Emmaüs" survives)."""

import csv
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Model
from django.http import HttpResponse
from django.utils.translation import gettext as _

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


def describe_filters(filterset) -> str:
    """The filters a (django-filter) filterset applied, as a reader says them: "Gemeente: Lier;
    Maatregel: LDE, AMA". An invalid or empty filter applies nothing, and says so."""
    if filterset is None or not filterset.is_bound or not filterset.form.is_valid():
        return _("geen, alle rijen")
    parts = []
    for name, field in filterset.form.fields.items():
        value = filterset.form.cleaned_data.get(name)
        if value in (None, "", [], ()) or (hasattr(value, "exists") and not value.exists()):
            continue
        choices = dict(getattr(field, "choices", None) or [])
        values = value if isinstance(value, list | tuple) or hasattr(value, "exists") else [value]
        shown = ", ".join(_filter_value(v, choices) for v in values)
        parts.append(f"{field.label}: {shown}")
    return "; ".join(parts) or _("geen, alle rijen")


def _filter_value(value, choices: dict) -> str:
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, Model):
        return str(value)
    return str(choices.get(value, value))


def csv_response(filename: str, header: list[str], rows, *, filters: str | None = None):
    """An attachment with ``header`` and ``rows``; text cells are protected against formulas.

    ``filters`` (see describe_filters) opens the file with the filters that produced it, so a
    download that lies around says what it holds.
    """
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    if filters is not None:
        writer.writerow([_("Filters"), csv_text(filters)])
        writer.writerow([])
    writer.writerow([csv_text(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_text(cell) for cell in row])
    return response
