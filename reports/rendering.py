"""The report as HTML: one template tree for the page and the PDF.

``report_content`` renders the document once; the page shows its body, the PDF is made from the
print HTML around it. The SHA-256 of that print HTML without a stamp (neither "ontwerp" nor an
approval date) is the content version: the PDF cache and the approvals are keyed on it.
"""

import datetime
import hashlib
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language

from actors.models import Region
from reports.models import AnnualReport
from reports.pdf import cached_pdf
from reports.queries.document import Document, report_document
from reports.queries.version import code_version, data_version

# How long a data fingerprint may stand for a rendered PDF (see reports.queries.version).
LOOKUP_SECONDS = 300


@dataclass
class ReportContent:
    document: Document
    body_html: str  # the document itself: table of contents, chapters, annexes
    html: str  # the print HTML without a stamp
    sha256: str

    def print_html(self, *, draft: bool = False, approved_on: datetime.date | None = None) -> str:
        """The print HTML, marked "ontwerp" on every page or carrying its approval date."""
        if not (draft or approved_on):
            return self.html
        return _print_html(self.document, self.body_html, draft=draft, approved_on=approved_on)


def report_content(report: AnnualReport, *, region: Region | None = None) -> ReportContent:
    """The report's document rendered once, with its content version."""
    document = report_document(report, region=region)
    body_html = render_to_string("reports/_document.html", {"document": document})
    html = _print_html(document, body_html)
    return ReportContent(document, body_html, html, hashlib.sha256(html.encode()).hexdigest())


@dataclass(frozen=True)
class ReportPage:
    """What the report's page shows of the document: plain strings, cheap to keep in the cache."""

    region_name: str
    body_html: str
    sha256: str


def report_page(report: AnnualReport, *, region: Region | None = None) -> ReportPage:
    """The document as the page shows it, rendered once per data version and language.

    Rendering the whole document reads some forty queries and writes a few hundred kilobytes of
    HTML (a quarter of a second for a province); it changes only when its data or code do. As for
    the draft PDF, a fingerprint is trusted for ``LOOKUP_SECONDS`` (see ``draft_pdf``).
    """
    region_key = region.pk if region else 0
    key = f"reports:page:{report.pk}:{region_key}:{get_language()}:{data_version()}"
    page = cache.get(key)
    if page is None:
        content = report_content(report, region=region)
        document_region = content.document.region
        page = ReportPage(
            document_region.name if document_region else "", content.body_html, content.sha256
        )
        cache.set(key, page, timeout=LOOKUP_SECONDS)
    return page


def draft_pdf(report: AnnualReport) -> Path:
    """The report's PDF as the data stand now, marked "ontwerp" on every page.

    Rendered once per content version: while the data fingerprint is unchanged the PDF is found
    without rendering the document; when it changed, the document is rendered and its PDF is
    looked up by the exact HTML (so an edit that changes nothing visible renders nothing new).
    A fingerprint is trusted for ``LOOKUP_SECONDS``: then the HTML is rendered again (a fraction
    of a second) and compared, so a change the fingerprint cannot see shows within minutes.
    """
    key = f"reports:draft-pdf:{report.pk}:{data_version()}"
    known = cache.get(key)
    if known and Path(known).exists():
        return Path(known)
    html = report_content(report).print_html(draft=True)
    path = cached_pdf(html, version=code_version())
    cache.set(key, str(path), timeout=LOOKUP_SECONDS)
    return path


def _print_html(document: Document, body_html: str, *, draft=False, approved_on=None) -> str:
    return render_to_string(
        "reports/print.html",
        {
            "document": document,
            "body_html": body_html,
            "draft": draft,
            "approved_on": approved_on,
        },
    )
