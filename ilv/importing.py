"""What every CSV/XLSX import of the platform shares (django-import-export).

The rules: a file imports completely or not at all; a header we do not know, a missing column, a
number, date or name we cannot read is reported in Dutch with its row and column; CSV is read and
written the way Belgian Excel does it (``;`` and UTF-8 with BOM, decimal comma).
"""

import codecs
import copy
import csv
import datetime
import io
import logging
import re
import zipfile
from collections import defaultdict
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import Decimal, InvalidOperation

import openpyxl
import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured, ValidationError
from django.db import DatabaseError, models
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from import_export import resources, results, widgets
from import_export.formats import base_formats
from import_export.instance_loaders import BaseInstanceLoader
from openpyxl.utils.exceptions import InvalidFileException
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ilv.bulk_validation import FileValidator, having_values
from ilv.exports import csv_text
from ilv.templatetags.ilv_format import format_number

logger = logging.getLogger(__name__)


class ImportFileError(Exception):
    """The file as a whole cannot be imported (wrong or missing columns); the message is Dutch."""


def escape_formulas(dataset):
    """A copy of ``dataset`` in which no text cell can act as a spreadsheet formula.

    Names come from the public registration form: "=HYPERLINK(…)" or "+cmd|…" must reach Excel as
    text. (django-import-export's own option only strips one leading "=".)
    """
    escaped = dataset.__class__(headers=dataset.headers, title=dataset.title)
    for row in dataset:
        escaped.append([csv_text(cell) if isinstance(cell, str) else cell for cell in row])
    return escaped


class CSV(base_formats.CSV):
    """CSV as Belgian Excel writes it: ``;`` or ``,`` on import, ``;`` and a BOM on export.

    Files are read as bytes, in the encoding they say (a UTF-8 or UTF-16 byte order mark), else
    UTF-8, else Windows-1252, which Excel's "CSV (puntkomma)" on a Belgian Windows writes; what is
    none of these (an Excel file chosen as CSV, random bytes) is refused in Dutch. At most
    ``IMPORT_MAX_ROWS`` rows are read; a row with more cells than the header is refused, with its
    number, unless the extra cells are empty.
    """

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        text = decode_csv(in_stream) if isinstance(in_stream, bytes) else in_stream
        first_line = text.split("\n", 1)[0]
        separator = ";" if first_line.count(";") > first_line.count(",") else ","
        kwargs.setdefault("delimiter", separator)
        records = csv.reader(io.StringIO(text), **kwargs)
        header = next(records, None)
        if header is None:
            return tablib.Dataset()
        width = len(header)
        rows = []
        for number, record in enumerate(records, start=2):
            if not record:
                continue  # an empty line, as tablib skips it
            if len(rows) == settings.IMPORT_MAX_ROWS:
                raise ImportFileError(too_many_rows_message())
            if len(record) > width:
                if any(cell.strip() for cell in record[width:]):
                    raise ImportFileError(
                        _(
                            "Het bestand kan niet gelezen worden: rij %(row)s heeft %(cells)s "
                            "cellen, de rij met kolomnamen maar %(columns)s. Controleer het "
                            "scheidingsteken (; of ,) en de aanhalingstekens in die rij."
                        )
                        % {"row": number, "cells": len(record), "columns": width}
                    )
                record = record[:width]
            rows.append(record + [""] * (width - len(record)))
        return tablib.Dataset(*rows, headers=header)

    def export_data(self, dataset, **kwargs):
        kwargs.setdefault("delimiter", ";")
        kwargs.setdefault("quoting", csv.QUOTE_MINIMAL)
        return "\ufeff" + escape_formulas(dataset).export("csv", **kwargs)


def decode_csv(data: bytes) -> str:
    """The text of a CSV file: UTF-8 or UTF-16 as its byte order mark says, else UTF-8, else
    Windows-1252; ``ImportFileError`` for what is no text in any of them."""
    for mark, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                           (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if data.startswith(mark):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                raise ImportFileError(_unreadable_text_message()) from None
    if data.startswith(b"PK\x03\x04"):
        raise ImportFileError(
            _(
                "Het bestand kan niet gelezen worden als CSV: het is een Excel-bestand (of een "
                "ander gecomprimeerd bestand). Kies xlsx als formaat."
            )
        )
    for encoding in ("utf-8", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not _CONTROL_CHARACTERS.search(text):
            return text
    raise ImportFileError(_unreadable_text_message())


# Characters no spreadsheet writes in a CSV (a tab, line ends and form feeds aside): their
# presence means the bytes were not text in that encoding.
_CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _unreadable_text_message() -> str:
    return _(
        "Het bestand kan niet gelezen worden: het is geen tekst in UTF-8, UTF-16 of "
        "Windows-1252. Bewaar het in Excel als “CSV UTF-8 (door komma's gescheiden)”, of kies "
        "het juiste formaat."
    )


def too_many_rows_message() -> str:
    limit = format_number(settings.IMPORT_MAX_ROWS)
    return _(
        "Het bestand telt meer dan %(limit)s rijen. Een import mag hoogstens %(limit)s rijen "
        "tellen: verdeel de gegevens over meerdere bestanden."
    ) % {"limit": limit}


class XLSX(base_formats.XLSX):
    """The first sheet of an Excel workbook, read as a stream (openpyxl's read-only mode): at most
    ``IMPORT_MAX_ROWS`` rows (empty ones counted) and ``MAX_COLUMNS`` columns are read, and a
    workbook that unpacks to more than ``UNPACKED_PER_BYTE`` times ``IMPORT_MAX_BYTES`` is
    refused before it is opened, so that a small file of millions of rows (a "zip bomb") costs
    neither time nor memory."""

    MAX_COLUMNS = 200
    UNPACKED_PER_BYTE = 10

    def create_dataset(self, in_stream):
        try:
            with zipfile.ZipFile(io.BytesIO(in_stream)) as archive:
                unpacked = sum(member.file_size for member in archive.infolist())
        except zipfile.BadZipFile:
            raise ImportFileError(_not_a_workbook_message()) from None
        limit = self.UNPACKED_PER_BYTE * settings.IMPORT_MAX_BYTES
        if unpacked > limit:
            raise ImportFileError(
                _(
                    "Het Excel-bestand is uitgepakt groter dan %(limit)s MB. Bewaar enkel de "
                    "rijen en kolommen die geïmporteerd moeten worden, of bewaar ze als CSV."
                )
                % {"limit": limit // (1024 * 1024)}
            )
        try:
            book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        except (KeyError, OSError, ValueError, zipfile.BadZipFile, InvalidFileException):
            raise ImportFileError(_not_a_workbook_message()) from None
        try:
            return self._read(book.active)
        finally:
            book.close()

    def _read(self, sheet) -> tablib.Dataset:
        # Read-only mode trusts the size the file declares, and some writers declare it wrong:
        # read what is there (up to our own limit) rather than silently drop rows.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        header = list(next(rows, None) or [])
        while header and header[-1] is None:
            header.pop()
        if not header:
            return tablib.Dataset()
        if len(header) > self.MAX_COLUMNS:
            raise ImportFileError(
                _(
                    "Het werkblad heeft meer dan %(limit)s kolommen. Staan de kolomnamen op de "
                    "eerste rij van het eerste werkblad?"
                )
                % {"limit": self.MAX_COLUMNS}
            )
        data = []
        for count, values in enumerate(
            sheet.iter_rows(min_row=2, max_col=len(header), values_only=True), start=1
        ):
            if count > settings.IMPORT_MAX_ROWS:
                raise ImportFileError(too_many_rows_message())
            if any(value is not None for value in values):
                data.append(list(values) + [None] * (len(header) - len(values)))
        return tablib.Dataset(*data, headers=header)

    def export_data(self, dataset, **kwargs):
        return super().export_data(escape_formulas(dataset), **kwargs)


def _not_a_workbook_message() -> str:
    return _(
        "Het bestand kan niet gelezen worden als Excel-bestand (xlsx). Is het een CSV-bestand? "
        "Kies dan csv als formaat. Een ouder .xls-bestand bewaar je eerst in Excel als .xlsx."
    )


def parse_decimal(value) -> Decimal | None:
    """A number from a cell: 6,6 or 6.6; spreadsheet numbers as they are; blank is None.

    A value with both a point and a comma is refused rather than guessed: "9.788" is 9788 to a
    Belgian reader and 9.788 to a machine, and an import must never pick one silently.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValueError(_("“%(value)s” is geen getal.") % {"value": value})
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value).strip().replace("\u00a0", "").replace(" ", "")
    if text == "":
        return None
    if "," in text and "." in text:
        raise ValueError(
            _("“%(value)s”: schrijf getallen zonder scheidingsteken voor duizendtallen.")
            % {"value": value}
        )
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("“%(value)s” is geen getal.") % {"value": value}) from None
    if not number.is_finite():
        raise ValueError(_("“%(value)s” is geen getal.") % {"value": value})
    return number


class DecimalWidget(widgets.DecimalWidget):
    """Decimal cells with a decimal comma or point (see ``parse_decimal``)."""

    def clean(self, value, row=None, **kwargs):
        return parse_decimal(value)


_MONTH_FORMATS = ("%Y-%m", "%m/%Y", "%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y")


def parse_month(value) -> datetime.date | None:
    """The first day of the month in a cell: 2021-01, 01/2021, 01/01/2021 or a spreadsheet date."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if not isinstance(value, datetime.date):
        text = str(value).strip()
        month, _slash, year = text.partition("/")
        if month.isdigit() and year.isdigit() and len(year) == 4 and 1 <= int(month) <= 12:
            return datetime.date(int(year), int(month), 1)  # 01/2021, the common case: quickly
        for fmt in _MONTH_FORMATS:
            try:
                value = datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date)
                break
            except ValueError:
                continue
        else:
            raise ValueError(
                _("“%(value)s” is geen maand; schrijf bv. 01/2021 of 2021-01.") % {"value": text}
            )
    if value.day != 1:
        raise ValueError(
            _("“%(value)s” is een dag, geen maand; schrijf bv. 01/2021.")
            % {"value": value.strftime("%d/%m/%Y")}
        )
    return value


class MonthWidget(widgets.Widget):
    """A reference month, stored as its first day, written as mm/jjjj."""

    def clean(self, value, row=None, **kwargs):
        return parse_month(value)

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%m/%Y") if value else ""


def parse_date(value) -> datetime.date | None:
    """A date from a cell: 01/10/2021, 1/10/2021, 2021-10-01 or a spreadsheet date."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a date)
        except ValueError:
            continue
    raise ValueError(_("“%(value)s” is geen datum; schrijf dd/mm/jjjj.") % {"value": text})


class DateWidget(widgets.Widget):
    """A date written dd/mm/jjjj (or ISO, or a spreadsheet date)."""

    def clean(self, value, row=None, **kwargs):
        return parse_date(value)

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d/%m/%Y") if value else ""


# The related records read for the import running in this thread (StrictModelResource.import_data
# sets it): widget → its index. Widgets are copied per resource, but a context variable keeps the
# cache's life to exactly one import, whatever shares a widget.
_lookup_cache: ContextVar[dict | None] = ContextVar("ilv_import_lookups", default=None)


@contextmanager
def lookups_read_once():
    """Within this block, lookup widgets read their related table once instead of once per cell."""
    token = _lookup_cache.set({})
    try:
        yield
    finally:
        _lookup_cache.reset(token)


def _cached(widget, build):
    cache = _lookup_cache.get()
    if cache is None:
        return None
    if id(widget) not in cache:
        cache[id(widget)] = (widget, build())  # the widget is kept so that its id stays its own
    return cache[id(widget)][1]


# Lookups a LookupWidget cannot match in Python (it matches exactly, or case-insensitively).
_OTHER_LOOKUPS = {
    *("contains", "icontains", "startswith", "istartswith", "endswith", "iendswith"),
    *("in", "gt", "gte", "lt", "lte", "range", "isnull", "regex", "iregex"),
}


class LookupWidget(widgets.ForeignKeyWidget):
    """A related row found by one of several unique columns (e.g. NIS code or name).

    Unknown values are reported in Dutch as a row error instead of the library's English
    ``DoesNotExist``; a value that matches two rows is unknown too (no guessing). During an import
    the related table is read once (one query per lookup) and the cells are matched in Python:
    ``__iexact`` lookups case-insensitively, others exactly. Meant for reference tables
    (municipalities, measures, organisations), which fit in memory many times over.
    """

    def __init__(self, model, lookups, label, **kwargs):
        for lookup in lookups:
            if lookup.rsplit("__", 1)[-1] in _OTHER_LOOKUPS:
                raise ValueError(f"LookupWidget matches exact or iexact only, not {lookup}")
        self.lookups = lookups
        self.label = label
        super().__init__(model, field=lookups[0].split("__")[0], **kwargs)

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        text = str(value).strip()
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        index = _cached(self, self._index)
        if index is not None:
            records, by_lookup = index
            for lookup, found in zip(self.lookups, by_lookup, strict=True):
                pks = found.get(_match_key(lookup, text), ())
                if len(pks) == 1:
                    return records[next(iter(pks))]
        else:
            for lookup in self.lookups:
                found = list(self.get_queryset(value, row, **kwargs).filter(**{lookup: text})[:2])
                if len(found) == 1:
                    return found[0]
        raise ValueError(
            _("Onbekende %(label)s: “%(value)s”.") % {"label": self.label, "value": text}
        )

    def _index(self):
        """The related records by pk, and per lookup: matched value → the pks that have it."""
        queryset = self.get_queryset(None, None)
        records = {record.pk: record for record in queryset}
        by_lookup = []
        for lookup in self.lookups:
            path = lookup.removesuffix("__iexact").removesuffix("__exact")
            found = defaultdict(set)
            for pk, value in queryset.values_list("pk", path):
                if value is not None and pk in records:
                    found[_match_key(lookup, str(value))].add(pk)
            by_lookup.append(found)
        return records, by_lookup


def _match_key(lookup: str, text: str) -> str:
    return text.casefold() if lookup.endswith("__iexact") else text


class ManyLookupWidget(widgets.ManyToManyWidget):
    """A list of related rows by name, separated by ``;`` or ``,``; every name must exist.

    During an import the related table is read once (see ``LookupWidget``).
    """

    def __init__(self, model, field, label, **kwargs):
        self.label = label
        super().__init__(model, separator=";", field=field, **kwargs)

    def split(self, value) -> list[str]:
        text = str(value or "")
        separator = ";" if ";" in text else ","
        return [part.strip() for part in text.split(separator) if part.strip()]

    def clean(self, value, row=None, **kwargs):
        names = self.split(value)
        if not names:
            return self.model.objects.none()
        index = _cached(self, self._index)
        if index is None:
            found = self.model.objects.filter(**{f"{self.field}__in": names})
            known = {str(getattr(obj, self.field)) for obj in found}
        else:
            found = list({r.pk: r for name in names for r in index.get(name, ())}.values())
            known = set(index)
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValueError(
                _("Onbekende %(label)s: %(names)s.")
                % {"label": self.label, "names": ", ".join(f"“{n}”" for n in unknown)}
            )
        return found

    def _index(self):
        index = defaultdict(list)
        for record in self.model.objects.all():
            index[str(getattr(record, self.field))].append(record)
        return index


class ChoiceWidget(widgets.Widget):
    """A choice by its code or its Dutch label (any case); unknown values list what is allowed."""

    def __init__(self, choices, label, **kwargs):
        self.choices = choices
        self.label = label
        self._codes = {}  # language → {code or label, casefolded: code}
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        code = self._codes_by_text().get(text.casefold())
        if code is not None:
            return code
        raise ValueError(
            _("Onbekende %(label)s: “%(value)s”. Kies uit: %(options)s.")
            % {
                "label": self.label,
                "value": text,
                "options": ", ".join(str(choice_label) for _code, choice_label in self.choices),
            }
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))

    def _codes_by_text(self) -> dict:
        # The labels are translated: evaluate them once per language, not for every cell.
        language = get_language()
        if language not in self._codes:
            codes = {}
            for code, choice_label in self.choices:
                codes.setdefault(str(code).casefold(), code)
                codes.setdefault(str(choice_label).casefold(), code)
            self._codes[language] = codes
        return self._codes[language]


class BooleanWidget(widgets.BooleanWidget):
    """ja/nee as well as 1/0 and true/false; anything else is an error, never a silent "nee"."""

    TRUE = {"1", "ja", "j", "true", "waar", "x"}
    FALSE = {"0", "nee", "n", "false", "onwaar", ""}

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        text = "" if value is None else str(value).strip().casefold()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("“%(value)s”: schrijf ja of nee.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return _("ja") if value else _("nee")


# The preview shows this many rows of a file (and every error): only their changes are worked out.
PREVIEW_ROWS = 50


class PreviewDiff(resources.Diff):
    """The changes of a row, worked out only for the rows the preview shows (the first
    ``PREVIEW_ROWS``): for the 10,000 others the confirm step and the preview never show them."""

    def __init__(self, resource, instance, new):
        resource.rows_diffed = getattr(resource, "rows_diffed", 0) + 1
        self.shown = resource.rows_diffed <= PREVIEW_ROWS
        if self.shown:
            super().__init__(resource, instance, new)

    def compare_with(self, resource, instance):
        if self.shown:
            super().compare_with(resource, instance)

    def as_html(self):
        return super().as_html() if self.shown else []


class LazyReprRowResult(results.RowResult):
    """A row's result, whose description (``str(instance)``, a few translations for a figure) is
    only made when read: the preview reads 50 of them, the admin log makes its own."""

    def add_instance_info(self, instance):
        if instance is not None:
            self.object_id = getattr(instance, "pk", None)
            self._instance_for_repr = instance

    @property
    def object_repr(self):
        instance = getattr(self, "_instance_for_repr", None)
        if self._object_repr is None and instance is not None:
            try:
                self._object_repr = str(instance)
            except Exception:  # noqa: BLE001 (as the library: a row that cannot say what it is)
                logger.debug("No description for an imported row", exc_info=True)
        return self._object_repr

    @object_repr.setter
    def object_repr(self, value):
        self._object_repr = value


class FileInstanceLoader(BaseInstanceLoader):
    """The existing record of each row, from the records of the whole file read at once
    (``StrictModelResource.existing_instance``): a few queries per file, whatever the number of
    import id columns, instead of one per row."""

    def get_instance(self, row):
        return self.resource.existing_instance(row)


class StrictModelResource(resources.ModelResource):
    """A resource whose file must have exactly the declared columns, reporting errors per column.

    Every record goes through the model's validation (``full_clean``'s rules and messages, see
    ``ilv.bulk_validation``) and django-simple-history records who changed what, also with
    ``use_bulk``: then the valid rows are written in batches with their history rows
    (``bulk_create_with_history``), which only resources without many-to-many columns can do.
    What a file refers to is read once per file: the related tables of its lookup columns, the
    existing records of its rows, and the records holding its unique values.
    """

    required_columns: tuple[str, ...] = ()
    # True for records that are history (allocations): a file may add them, and may repeat one
    # unchanged, but changing an existing one is refused; corrections go through the admin form.
    create_only = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        if self._meta.use_bulk and any(
            isinstance(field.widget, widgets.ManyToManyWidget) for field in self.fields.values()
        ):
            # The library would silently drop the many-to-many cells in bulk mode.
            raise ImproperlyConfigured(f"{type(self).__name__}: use_bulk with many-to-many fields")

    def existing_changed_message(self, original) -> str:
        return _(
            "Deze rij wijzigt een bestaand record (%(record)s); pas dat aan in het beheer."
        ) % {"record": original}

    @classmethod
    def get_diff_class(cls):
        return PreviewDiff

    @classmethod
    def get_row_result_class(cls):
        return LazyReprRowResult

    def import_data(self, *args, **kwargs):
        self._refused = False
        with lookups_read_once():
            return super().import_data(*args, **kwargs)

    def handle_import_error(self, result, error, raise_errors=False):
        self._refused = True  # the file as a whole (or the database) refused: see import_row
        super().handle_import_error(result, error, raise_errors)

    def import_row(self, row, instance_loader, **kwargs):
        if getattr(self, "_refused", False):
            # Nothing will be imported: reading 20,000 rows of a file with a wrong column
            # would only make the user wait for the message.
            row_result = self.get_row_result_class()()
            row_result.import_type = results.RowResult.IMPORT_TYPE_SKIP
        else:
            row_result = super().import_row(row, instance_loader, **kwargs)
        row_result.number = kwargs.get("row_number")  # the preview names rows as a spreadsheet
        return row_result

    def before_import(self, dataset, **kwargs):
        headers = [str(h).strip() if h is not None else "" for h in dataset.headers or []]
        dataset.headers = headers
        known = {field.column_name for field in self.get_import_fields()}
        missing = [column for column in self.required_columns if column not in headers]
        unknown = [header for header in headers if header and header not in known]
        problems = []
        if missing:
            problems.append(_("ontbrekende kolommen: %s") % ", ".join(missing))
        if unknown:
            problems.append(_("onbekende kolommen: %s") % ", ".join(unknown))
        self._rows_by_key = {}
        self.rows_diffed = 0
        self._dataset = dataset
        self._existing = None
        self._import_user = kwargs.get("user")
        if problems:
            raise ImportFileError(
                _(
                    "Het bestand kan niet ingelezen worden (%(problems)s). "
                    "Verwachte kolommen: %(known)s."
                )
                % {
                    "problems": "; ".join(problems),
                    "known": ", ".join(sorted(known)),
                }
            )

    def before_import_row(self, row, **kwargs):
        # Two rows about the same record would silently let the last one win; refuse instead.
        values, errors = self._id_cells(row)
        if errors or len(values) < len(self.get_import_id_fields()):
            return  # an unreadable key is reported by get_instance
        key = tuple(str(value).casefold() for value in values.values())
        seen = self.__dict__.setdefault("_rows_by_key", {})
        if key in seen:
            columns = ", ".join(
                self.fields[name].column_name for name in self.get_import_id_fields()
            )
            raise ValidationError(
                _("Deze rij gaat over hetzelfde als rij %(row)s (zelfde %(columns)s).")
                % {"row": seen[key] + 1, "columns": columns}
            )
        seen[key] = kwargs.get("row_number", 0)

    def existing_instance(self, row):
        """The existing record a row is about, or None (see ``FileInstanceLoader``)."""
        self._read_file()
        values, errors = self._id_cells(row)
        if errors or len(values) < len(self.get_import_id_fields()):
            return None
        return self._existing.get(tuple(_pk(value) for value in values.values()))

    def _id_cells(self, row) -> tuple[dict, dict]:
        """The row's import id cells, read once for the several steps that need them:
        (attribute → value, column → errors)."""
        cached = getattr(self, "_id_cells_of", None)
        if cached is not None and cached[0] is row:
            return cached[1], cached[2]
        values, errors = {}, {}
        for name in self.get_import_id_fields():
            field = self.fields[name]
            if field.column_name in row:
                try:
                    values[field.attribute] = field.clean(row)
                except ValueError as exc:
                    errors[field.column_name] = [str(exc)]
        self._id_cells_of = (row, values, errors)
        return values, errors

    def _read_file(self) -> None:
        """Read, once per import, the existing records of the file's rows and the records that
        hold the file's unique values."""
        if getattr(self, "_existing", None) is not None:
            return
        self._existing = {}
        self._validator = FileValidator(self._meta.model)
        dataset = getattr(self, "_dataset", None)
        id_fields = [self.fields[name] for name in self.get_import_id_fields()]
        if dataset is None or any(f.column_name not in dataset.headers for f in id_fields):
            return
        records = []
        for values in dataset:
            row = dict(zip(dataset.headers, values, strict=False))
            try:
                records.append({field.attribute: field.clean(row) for field in id_fields})
            except (KeyError, ValueError, ValidationError):
                continue  # reported with the row
        attnames = [self._meta.model._meta.get_field(f.attribute).attname for f in id_fields]
        keys = {tuple(_pk(value) for value in record.values()) for record in records}
        for instances in having_values(self.get_queryset(), attnames, keys):
            for instance in instances:
                self._existing[tuple(getattr(instance, name) for name in attnames)] = instance
        self._validator.load(records)

    def get_instance(self, instance_loader, row):
        # The library looks the row up before it validates anything, and would report an unknown
        # name in an id column as a crash; report it as that column's error instead.
        _values, errors = self._id_cells(row)
        if errors:
            raise ValidationError(errors)
        return super().get_instance(instance_loader, row)

    def import_instance(self, instance, row, **kwargs):
        # The library checks many-to-many cells only when it saves them, after validation; check
        # them here too so that an unknown name is a row error like any other.
        original = copy.deepcopy(instance) if self.create_only and instance.pk else None
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if original is not None and not errors:
            fields = [f for f in self.get_import_fields() if f.column_name in row]
            if any(f.get_value(original) != f.get_value(instance) for f in fields):
                errors[NON_FIELD_ERRORS] = [self.existing_changed_message(original)]
        for field in self.get_import_fields():
            if isinstance(field.widget, widgets.ManyToManyWidget) and field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as exc:
                    errors[field.attribute] = [ValidationError(str(exc))]
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        self._read_file()
        try:
            if validate_unique:
                self._validator.full_clean(
                    instance, exclude=set(errors), trusted=self._looked_up_fields()
                )
            else:
                instance.full_clean(exclude=set(errors), validate_unique=False)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        if errors:
            raise ValidationError(self._errors_by_column(errors))
        self._validator.accept(instance)

    def _looked_up_fields(self) -> set[str]:
        """Foreign keys set from a lookup column: the related record was just read."""
        return {
            field.attribute
            for field in self.get_import_fields()
            if isinstance(field.widget, LookupWidget)
        }

    def get_bulk_update_fields(self):
        ids = set(self.get_import_id_fields())
        return [
            field.attribute
            for name, field in self.fields.items()
            if name not in ids and not isinstance(field.widget, widgets.ManyToManyWidget)
        ]

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            try:
                bulk_create_with_history(
                    self.create_instances,
                    self._meta.model,
                    batch_size=batch_size,
                    default_user=self._history_user(),
                )
            except DatabaseError as exc:
                self.handle_import_error(result, _refused_by_database(exc), raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            try:
                bulk_update_with_history(
                    self.update_instances,
                    self._meta.model,
                    self.get_bulk_update_fields(),
                    batch_size=batch_size,
                    default_user=self._history_user(),
                )
            except DatabaseError as exc:
                self.handle_import_error(result, _refused_by_database(exc), raise_errors)
            finally:
                self.update_instances.clear()

    def _history_user(self):
        user = getattr(self, "_import_user", None)
        return user if user is not None and user.is_authenticated else None

    def _errors_by_column(self, error_dict):
        """Name errors by the file's column header (or the field's Dutch label)."""
        columns = {field.attribute: field.column_name for field in self.get_import_fields()}
        labelled = {}
        for key, errors in error_dict.items():
            if key in columns:
                label = columns[key]
            elif key == NON_FIELD_ERRORS:
                label = key
            else:
                try:
                    label = str(self._meta.model._meta.get_field(key).verbose_name)
                except Exception:  # noqa: BLE001 (any unknown key keeps its own name)
                    label = key
            labelled.setdefault(label, []).extend(errors)
        return labelled

    class Meta:
        abstract = True
        use_bulk = False
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        instance_loader_class = FileInstanceLoader


def _pk(value):
    return value.pk if isinstance(value, models.Model) else value


def _refused_by_database(exc) -> ImportFileError:
    """A write refused by the database after every row was validated: someone else changed the
    same records meanwhile (the constraints are the last line). Logged; told in Dutch."""
    logger.warning("Import refused by the database: %s", exc)
    return ImportFileError(
        _(
            "De databank weigerde de gegevens, wellicht omdat iemand anders intussen dezelfde "
            "gegevens invoerde. Laad het bestand opnieuw op."
        )
    )
