"""CSV downloads as Belgian Excel opens them: ``;`` between columns, a decimal comma, UTF-8 with a
byte-order mark (so that "Emmaüs" survives)."""

import csv
import datetime
from decimal import ROUND_HALF_UP, Decimal

from django import forms
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


def chosen_filters(filterset) -> list[tuple[str, str]]:
    """(label, value as the form shows it) of each valid filter of a django-filter FilterSet that
    narrows the list: what a download names so that a reader knows what the file leaves out."""
    if not filterset.is_bound:
        return []
    form = filterset.form
    form.is_valid()  # an invalid filter is left out, as the list leaves it out
    chosen = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if value is None or value == "" or (isinstance(value, list | tuple) and not value):
            continue
        if hasattr(value, "model") and not value:  # an empty queryset
            continue
        if value is False and isinstance(field.widget, forms.CheckboxInput):
            continue  # an unticked box chooses nothing
        chosen.append((str(field.label or name), _filter_value_text(field, value)))
    return chosen


def _filter_value_text(field: forms.Field, value) -> str:
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, Model):
        if isinstance(field, forms.ModelChoiceField):
            return str(field.label_from_instance(value))  # as the form's options name it
        return str(value)
    if isinstance(value, list | tuple) or hasattr(value, "model"):
        return ", ".join(_filter_value_text(field, v) for v in value)
    if getattr(field, "choices", None) and not isinstance(field, forms.ModelChoiceField):
        return str(dict(field.choices).get(value, value))
    return str(value)


def csv_response(
    filename: str, header: list[str], rows, *, filters: list[tuple[str, str]] | None = None
) -> HttpResponse:
    """An attachment with ``header`` and ``rows``; text cells are protected against formulas.

    With ``filters`` (as ``chosen_filters`` gives them; an empty list for an unfiltered list) the
    first line names them and a blank line separates it from the header.
    """
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response, delimiter=";", lineterminator="\r\n")
    if filters is not None:
        named = [f"{label}: {value}" for label, value in filters]
        writer.writerow([csv_text(cell) for cell in [_("Filters"), *(named or [_("geen")])]])
        writer.writerow([])
    writer.writerow([csv_text(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_text(cell) for cell in row])
    return response
