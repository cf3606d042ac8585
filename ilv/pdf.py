"""HTML to PDF with WeasyPrint for any app: our static files from disk, nothing else.

WeasyPrint never fetches our own site over HTTP (a worker waiting on itself would deadlock):
``StaticFilesFetcher`` serves our static files from disk and refuses everything else, so a PDF
can never carry a tracking image or a file behind a login. Every PDF is tagged (headings, lists,
tables, reading order) with the document language and title from the HTML.

One renderer for every PDF of the site: the annual report (``reports/pdf.py`` adds its cache of
rendered files and the PDF/A variant of the approved copy) and the public catalogue.
"""

from pathlib import Path
from urllib.parse import unquote, urlsplit

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from weasyprint.urls import URLFetcher, URLFetcherResponse

# Relative URLs in the HTML resolve against this; the fetcher maps its /static/ to disk.
BASE_URL = "https://pdf.invalid/"


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
        raise ValueError(f"A PDF may only load our own static files, not {url!r}.")


def html_to_pdf(html: str, *, variant: str | None = None) -> bytes:
    """The PDF of ``html``: tagged, with its language, title and author from the HTML;
    ``variant`` a WeasyPrint PDF variant such as "pdf/a-3a" for an archived copy."""
    document = weasyprint.HTML(
        string=html, base_url=BASE_URL, url_fetcher=StaticFilesFetcher(allowed_protocols=set())
    )
    return document.write_pdf(pdf_variant=variant, pdf_tags=True, uncompressed_pdf=False)


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
