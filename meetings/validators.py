"""Uploads of meeting attachments: PDF, DOCX or XLSX, checked by their content, not their name."""

import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ALLOWED_EXTENSIONS = ["pdf", "docx", "xlsx"]
MAX_SIZE = 10 * 1024 * 1024

# What each Office format holds inside its zip container.
_OFFICE_MARKERS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}


def validate_document(file) -> None:
    """Refuse files over 10 MB and files whose content is not what their extension says."""
    if getattr(file, "_committed", False):
        return  # already stored and checked when it was uploaded
    if file.size > MAX_SIZE:
        raise ValidationError(
            _("Dit bestand is %(size)s MB; het maximum is 10 MB."),
            code="too_large",
            params={"size": round(file.size / 1024 / 1024, 1)},
        )
    extension = file.name.rsplit(".", 1)[-1].lower() if "." in file.name else ""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(5)
        file.seek(0)
        if extension == "pdf":
            valid = head == b"%PDF-"
        elif extension in _OFFICE_MARKERS:
            valid = head[:4] == b"PK\x03\x04" and _zip_has(file, _OFFICE_MARKERS[extension])
        else:
            valid = True  # the extension validator reports the wrong type
    finally:
        file.seek(position)
    if not valid:
        raise ValidationError(
            _("De inhoud van dit bestand is geen echt %(type)s-bestand."),
            code="content_mismatch",
            params={"type": extension.upper()},
        )


def _zip_has(file, member: str) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            return member in archive.namelist()
    except zipfile.BadZipFile:
        return False
