"""The cache of rendered report PDFs (rendering itself: ilv/pdf.py, static files only).

A rendered PDF is stored under the SHA-256 of the exact HTML and options it was made from, in
MEDIA_ROOT (shared by every app process), so a document is rendered once per content version;
the approved copy is PDF/A-3a.
"""

import hashlib
import logging
import os
import tempfile
from pathlib import Path

import weasyprint
from django.conf import settings

from ilv.pdf import html_to_pdf

logger = logging.getLogger(__name__)

ARCHIVE_VARIANT = "pdf/a-3a"
CACHE_DIR = "rapporten/cache"
CACHE_KEEP = 20


def cached_pdf(html: str, *, variant: str | None = None, version: str = "") -> Path:
    """The PDF of ``html`` from the cache, rendered and stored first if it is not there yet.

    ``version`` names what besides the HTML shapes the PDF (stylesheet, fonts, WeasyPrint).
    The cache keeps the most recent ``CACHE_KEEP`` files.
    """
    key = hashlib.sha256(
        f"{weasyprint.__version__}\n{version}\n{variant or ''}\n{html}".encode()
    ).hexdigest()
    folder = Path(settings.MEDIA_ROOT, CACHE_DIR)
    path = folder / f"{key}.pdf"
    if path.exists():
        return path
    pdf = html_to_pdf(html, variant=variant)
    folder.mkdir(parents=True, exist_ok=True)
    # Written aside and moved in one step: another process never reads half a file.
    handle, temporary = tempfile.mkstemp(dir=folder, suffix=".part")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(pdf)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    logger.info("Rendered report PDF %s (%d bytes)", key[:12], len(pdf))
    _prune(folder)
    return path


def _prune(folder: Path) -> None:
    """Keep the newest files only: older content versions are not asked for again."""
    files = sorted(folder.glob("*.pdf"), key=lambda f: f.stat().st_mtime, reverse=True)
    for old in files[CACHE_KEEP:]:
        old.unlink(missing_ok=True)
