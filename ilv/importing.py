"""What every CSV/XLSX import of the platform shares (django-import-export).

The rules: a file imports completely or not at all; a header we do not know, a missing column, a
number, date or name we cannot read is reported in Dutch with its row and column; CSV is read and
written the way Belgian Excel does it (``;`` and UTF-8 with BOM, decimal comma).
"""

import copy
import csv
import datetime
from decimal import Decimal, InvalidOperation

import tablib
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.formats import base_formats
from import_export.instance_loaders import CachedInstanceLoader

from ilv.exports import csv_text


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

    Files are read as bytes: UTF-8 (with or without BOM) first, and Windows-1252, which Excel's
    "CSV (puntkomma)" on a Belgian Windows writes, when that fails.
    """

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream, **kwargs):
        if isinstance(in_stream, bytes):
            try:
                in_stream = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError:
                in_stream = in_stream.decode("cp1252", errors="replace")
        first_line = in_stream.split("\n", 1)[0]
        separator = ";" if first_line.count(";") > first_line.count(",") else ","
        kwargs.setdefault("delimiter", separator)
        return tablib.import_set(in_stream, format="csv", **kwargs)

    def export_data(self, dataset, **kwargs):
        kwargs.setdefault("delimiter", ";")
        kwargs.setdefault("quoting", csv.QUOTE_MINIMAL)
        return "\ufeff" + escape_formulas(dataset).export("csv", **kwargs)


class XLSX(base_formats.XLSX):
    def export_data(self, dataset, **kwargs):
        return super().export_data(escape_formulas(dataset), **kwargs)


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


class LookupWidget(widgets.ForeignKeyWidget):
    """A related row found by one of several unique columns (e.g. NIS code or name).

    Unknown values are reported in Dutch as a row error instead of the library's English
    ``DoesNotExist``.
    """

    def __init__(self, model, lookups, label, **kwargs):
        self.lookups = lookups
        self.label = label
        super().__init__(model, field=lookups[0].split("__")[0], **kwargs)

    def clean(self, value, row=None, **kwargs):
        if value is None or str(value).strip() == "":
            return None
        text = str(value).strip()
        if isinstance(value, float) and value.is_integer():
            text = str(int(value))
        for lookup in self.lookups:
            found = list(self.get_queryset(value, row, **kwargs).filter(**{lookup: text})[:2])
            if len(found) == 1:
                return found[0]
        raise ValueError(
            _("Onbekende %(label)s: “%(value)s”.") % {"label": self.label, "value": text}
        )


class ManyLookupWidget(widgets.ManyToManyWidget):
    """A list of related rows by name, separated by ``;`` or ``,``; every name must exist."""

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
        found = self.model.objects.filter(**{f"{self.field}__in": names})
        known = {str(getattr(obj, self.field)) for obj in found}
        unknown = [name for name in names if name not in known]
        if unknown:
            raise ValueError(
                _("Onbekende %(label)s: %(names)s.")
                % {"label": self.label, "names": ", ".join(f"“{n}”" for n in unknown)}
            )
        return found


class ChoiceWidget(widgets.Widget):
    """A choice by its code or its Dutch label (any case); unknown values list what is allowed."""

    def __init__(self, choices, label, **kwargs):
        self.choices = choices
        self.label = label
        super().__init__(**kwargs)

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        for code, choice_label in self.choices:
            if text.casefold() in (str(code).casefold(), str(choice_label).casefold()):
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


class StrictModelResource(resources.ModelResource):
    """A resource whose file must have exactly the declared columns, reporting errors per column.

    Rows are imported one by one (no bulk mode) so that every save goes through ``full_clean`` and
    django-simple-history records who changed what.
    """

    required_columns: tuple[str, ...] = ()
    # True for records that are history (allocations): a file may add them, and may repeat one
    # unchanged, but changing an existing one is refused; corrections go through the admin form.
    create_only = False

    def existing_changed_message(self, original) -> str:
        return _(
            "Deze rij wijzigt een bestaand record (%(record)s); pas dat aan in het beheer."
        ) % {"record": original}

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
        try:
            key = tuple(
                str(self.fields[name].clean(row)).casefold() for name in self.get_import_id_fields()
            )
        except (KeyError, ValueError):
            return  # an unreadable key is reported by get_instance
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

    def get_instance(self, instance_loader, row):
        # The library looks the row up before it validates anything, and would report an unknown
        # name in an id column as a crash; report it as that column's error instead.
        errors = {}
        for name in self.get_import_id_fields():
            field = self.fields[name]
            if field.column_name in row:
                try:
                    field.clean(row)
                except ValueError as exc:
                    errors[field.column_name] = [str(exc)]
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
        try:
            super().validate_instance(instance, import_validation_errors, validate_unique)
        except ValidationError as exc:
            raise ValidationError(self._errors_by_column(exc.error_dict)) from None

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
        instance_loader_class = CachedInstanceLoader


class SafeImportMixin:
    """Admin behaviour for imports: nothing is saved unless every row is valid, also on confirm.

    django-import-export validates in the preview, but on "confirm" it would by default save the
    valid rows and skip invalid ones (the data may have changed in between). We roll back instead
    and send the user back to the import page with the first problem.
    """

    import_template_name = "admin/import_export/import.html"
    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]

    def get_import_data_kwargs(self, **kwargs):
        data_kwargs = super().get_import_data_kwargs(**kwargs)
        data_kwargs["rollback_on_validation_errors"] = True
        return data_kwargs

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(request, import_failure_message(result))
            opts = self.model._meta
            return HttpResponseRedirect(reverse(f"admin:{opts.app_label}_{opts.model_name}_import"))
        return super().process_result(result, request)


def import_failure_message(result) -> str:
    """One Dutch sentence naming the first failing row and its problem."""
    for error in result.base_errors:
        return _("Er werd niets geïmporteerd: %(error)s") % {"error": error.error}
    for number, errors in result.row_errors():
        return _("Er werd niets geïmporteerd: rij %(row)s: %(error)s") % {
            "row": number + 1,
            "error": errors[0].error,
        }
    for invalid in result.invalid_rows:
        problems = "; ".join(
            " ".join(errors) if field == NON_FIELD_ERRORS else f"{field}: {' '.join(errors)}"
            for field, errors in invalid.error_dict.items()
        )
        return _("Er werd niets geïmporteerd: rij %(row)s: %(error)s") % {
            "row": invalid.number + 1,
            "error": problems,
        }
    return _("Er werd niets geïmporteerd.")
