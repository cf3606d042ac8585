"""HTML to PDF with WeasyPrint, and the cache of rendered PDFs.

WeasyPrint never fetches our own site over HTTP (a worker waiting on itself would deadlock):
``StaticFilesFetcher`` serves our static files from disk and refuses everything else. Every PDF is
tagged (headings, lists, tables, reading order) with the document language and title from the
HTML; the approved copy is PDF/A-3a.

A rendered PDF is stored under the SHA-256 of the exact HTML and options it was made from, in
MEDIA_ROOT (shared by every app process), so a document is rendered once per content version.
"""

import hashlib
import logging
import os
import tempfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

# Relative URLs in the HTML resolve against this; the fetcher maps its /static/ to disk.
BASE_URL = "https://rapport.invalid/"
ARCHIVE_VARIANT = "pdf/a-3a"
CACHE_DIR = "rapporten/cache"
CACHE_KEEP = 20


class StaticFilesFetcher(URLFetcher):
    """Our static files from disk; anything else (another site, a media file) is refused."""

    def fetch(self, url, headers=None):
        path = unquote(urlsplit(url).path)
        if url.startswith(BASE_URL) and path.startswith(settings.STATIC_URL):
            found = _static_file(path.removeprefix(settings.STATIC_URL))
            if found:
                return URLFetcherResponse(
                    url, Path(found).read_bytes(), {"Content-Type": _mime_type(found)}
                )
        raise ValueError(f"The report may only load our own static files, not {url!r}.")


def html_to_pdf(html: str, *, variant: str | None = None) -> bytes:
    """The PDF of ``html``: tagged, with its language, title and author from the HTML."""
    document = weasyprint.HTML(
        string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher(allowed_protocols=set())
    )
    return document.write_pdf(pdf_variant=variant, pdf_tags=True, uncompressed_pdf=False)


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


def _static_file(relative: str) -> str | None:
    """The file behind a static URL: collected (hashed names in production) or in the sources."""
    root = Path(settings.STATIC_ROOT).resolve()
    collected = (root / relative).resolve()
    if root in collected.parents and collected.is_file():
        return str(collected)
    try:
        return finders.find(relative)
    except SuspiciousFileOperation:
        return None


def _mime_type(path: str) -> str:
    return {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png"}.get(
        Path(path).suffix, "application/octet-stream"
    )
