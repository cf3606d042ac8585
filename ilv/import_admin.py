"""The admin's import pages (django-import-export) as our users get them.

- A file larger than ``IMPORT_MAX_BYTES`` or longer than ``IMPORT_MAX_ROWS`` rows is refused with
  a Dutch message on the import page before anything is imported, never with a timeout.
- The preview summarises: how many rows are new, changed, unchanged and wrong, the first
  ``PREVIEW_ROWS`` rows, and every error (a file of 10,000 rows is no page of 10,000 rows).
- Nothing is saved unless every row is valid, also on confirm.
- The uploaded file waits between preview and confirm in a directory of its own and is removed
  whatever the outcome: after the confirm step, at once when the preview finds errors, and by age
  when a preview is abandoned.
"""

import contextlib
import datetime
import itertools
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from import_export import forms
from import_export.tmp_storages import TempFolderStorage

from ilv.importing import CSV, PREVIEW_ROWS, XLSX, ImportFileError
from ilv.templatetags.ilv_format import format_number

logger = logging.getLogger(__name__)

# A preview not confirmed within this time is taken as abandoned: its file is removed.
ABANDONED_AFTER = datetime.timedelta(hours=12)


class ImportForm(forms.ImportForm):
    """The upload, refused when it is larger than ``IMPORT_MAX_BYTES``."""

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise ValidationError(
                _(
                    "Het bestand is te groot (%(size)s MB). Een import mag hoogstens %(limit)s MB "
                    "en %(rows)s rijen tellen: verdeel de gegevens over meerdere bestanden."
                )
                % {
                    "size": format_number(round(upload.size / (1024 * 1024), 1)),
                    "limit": format_number(round(settings.IMPORT_MAX_BYTES / (1024 * 1024), 1)),
                    "rows": format_number(settings.IMPORT_MAX_ROWS),
                }
            )
        return upload


class ImportFileStorage(TempFolderStorage):
    """An uploaded file between preview and confirm, in ``IMPORT_TMP_DIR`` (created private)."""

    PREFIX = "import-"

    @staticmethod
    def directory() -> Path:
        path = Path(settings.IMPORT_TMP_DIR)
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path

    def get_full_path(self):
        return str(self.directory() / self.name)

    def _open(self, mode="r"):
        if not self.name:
            handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 (the caller closes it)
                dir=self.directory(), prefix=self.PREFIX, delete=False
            )
            self.name = os.path.basename(handle.name)
            return handle
        return open(self.get_full_path(), mode, encoding=self.encoding)  # noqa: SIM115

    def save_chunks(self, chunks) -> None:
        """Write the upload as it comes, never all of it in memory (the library joins it)."""
        with self._open(mode="wb") as handle:
            for chunk in chunks:
                handle.write(chunk)

    def exists(self) -> bool:
        return bool(self.name) and os.path.exists(self.get_full_path())

    def remove(self):
        with contextlib.suppress(FileNotFoundError):
            os.remove(self.get_full_path())

    @classmethod
    def remove_abandoned(cls, older_than: datetime.timedelta = ABANDONED_AFTER) -> int:
        """Remove the files of previews not confirmed within ``older_than``; how many."""
        limit = time.time() - older_than.total_seconds()
        removed = 0
        for path in cls.directory().glob(f"{cls.PREFIX}*"):
            with contextlib.suppress(FileNotFoundError):
                if path.stat().st_mtime < limit:
                    path.unlink()
                    removed += 1
        return removed


@dataclass
class ErrorRow:
    """A row with errors as the import page lists it."""

    number: int  # as in the spreadsheet: the header is row 1
    by_column: list[tuple[str, str]]
    general: list[str]
    values: list | None = None  # the row's cells, for the first rows only


@dataclass
class ImportSummary:
    """What the import page shows of a result: counts per kind of change, the first rows, and
    every error."""

    total: int
    new: int
    updated: int
    unchanged: int
    failed: int
    first_rows: list = field(default_factory=list)
    errors: list[ErrorRow] = field(default_factory=list)

    @property
    def more_rows(self) -> int:
        return self.total - len(self.first_rows)


def import_summary(result, first: int = PREVIEW_ROWS) -> ImportSummary:
    """The summary of an import ``result`` (valid rows: the first ``first``)."""
    totals = result.totals
    errors = []
    for position, invalid in enumerate(result.invalid_rows):
        errors.append(
            ErrorRow(
                number=invalid.number + 1,
                by_column=[
                    (column, " ".join(texts))
                    for column, texts in invalid.field_specific_errors.items()
                ],
                general=list(invalid.non_field_specific_errors),
                values=list(invalid.values) if position < first else None,
            )
        )
    return ImportSummary(
        total=result.total_rows,
        new=totals["new"],
        updated=totals["update"] + totals["delete"],
        unchanged=totals["skip"],
        failed=totals["invalid"] + totals["error"],
        first_rows=list(itertools.islice((row for row in result.rows if row.is_valid()), first)),
        errors=errors,
    )


class SafeImportMixin:
    """Admin behaviour for imports (see the module's docstring).

    django-import-export validates in the preview, but on "confirm" it would by default save the
    valid rows and skip invalid ones (the data may have changed in between). We roll back instead
    and send the user back to the import page with the first problem.
    """

    import_template_name = "admin/import_export/import.html"
    import_formats = [CSV, XLSX]
    export_formats = [CSV, XLSX]
    import_form_class = ImportForm
    tmp_storage_class = ImportFileStorage

    def get_import_data_kwargs(self, **kwargs):
        data_kwargs = super().get_import_data_kwargs(**kwargs)
        data_kwargs["rollback_on_validation_errors"] = True
        return data_kwargs

    def write_to_tmp_storage(self, import_file, input_format):
        ImportFileStorage.remove_abandoned()
        storage = ImportFileStorage(
            encoding=None if input_format.is_binary() else self.from_encoding,
            read_mode=input_format.get_read_mode(),
        )
        storage.save_chunks(import_file.chunks())
        return storage

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, ImportFileError):
            form.add_error("import_file", str(e))
            return
        logger.info("Import file unreadable: %r", e)
        form.add_error(
            "import_file",
            _(
                "Het bestand kon niet gelezen worden. Kies het juiste formaat (csv of xlsx) en "
                "bewaar een CSV-bestand als UTF-8."
            ),
        )

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if isinstance(response, TemplateResponse) and context:
            context["import_max_rows"] = settings.IMPORT_MAX_ROWS
            context["import_max_mb"] = round(settings.IMPORT_MAX_BYTES / (1024 * 1024), 1)
            if context.get("result") is not None:
                context["summary"] = import_summary(context["result"])
                context["preview_rows"] = PREVIEW_ROWS
            if not context.get("confirm_form"):
                # Nothing to confirm (errors, or no file read): the upload is of no more use. (The
                # library names its copy on the uploaded file, which a form error drops from the
                # form's cleaned data, not from the request.)
                name = getattr(request.FILES.get("import_file"), "tmp_storage_name", None)
                if name:
                    ImportFileStorage(name=name).remove()
        return response

    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        storage = None
        if request.method == "POST":
            confirm_form = self.create_confirm_form(request)
            if confirm_form.is_valid():
                storage = ImportFileStorage(name=confirm_form.cleaned_data["import_file_name"])
                if not storage.exists():
                    messages.error(
                        request,
                        _(
                            "Er werd niets geïmporteerd: dit voorbeeld is verlopen of al "
                            "bevestigd. Laad het bestand opnieuw op."
                        ),
                    )
                    return HttpResponseRedirect(self._import_url())
        try:
            return super().process_import(request, **kwargs)
        finally:
            if storage is not None:
                storage.remove()

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            messages.error(request, import_failure_message(result))
            return HttpResponseRedirect(self._import_url())
        return super().process_result(result, request)

    def _import_url(self) -> str:
        opts = self.model._meta
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_import")


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
