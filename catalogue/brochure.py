"""The whole catalogue as a printable PDF brochure, rendered once per version of its data.

The brochure is always the whole catalogue: one document per data version, whatever visitors
ask, so the cost of the PDF does not depend on the number of visitors or filter combinations
(the filtered list is the page and its CSV). The PDF is kept in the shared cache (Redis in
production) under the catalogue's fingerprint (``queries.catalogue_version``), for
``CACHE_SECONDS`` at most, so a change the fingerprint cannot see shows within the hour; while
one process renders a version, the others wait for it rather than render it too.
"""

import datetime
import logging
import time

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import timezone

from actors.models import Region
from catalogue.queries import (
    catalogue_entries,
    catalogue_organisations,
    catalogue_version,
    sector_groups,
    with_public_relations,
)
from ilv.pdf import html_to_pdf

logger = logging.getLogger(__name__)

CACHE_SECONDS = 3600
# How long a request waits for another process that renders the same version.
WAIT_SECONDS = 60
POLL_SECONDS = 0.25


def brochure_html(*, today: datetime.date, generated_at: datetime.datetime | None = None) -> str:
    """The print HTML of the whole catalogue on ``today``."""
    entries = catalogue_entries(with_public_relations(catalogue_organisations()), today=today)
    context = {
        "home_region": Region.objects.home(),
        "entries": entries,
        "groups": sector_groups(entries),
        "today": today,
        "generated_at": generated_at or timezone.now(),
    }
    return render_to_string("catalogue/brochure.html", context)


def brochure_pdf() -> bytes:
    """The brochure as the data stand today: from the cache, or rendered and cached."""
    today = timezone.localdate()
    key = f"catalogue:brochure:{catalogue_version(today=today)}"
    pdf = cache.get(key)
    if pdf is not None:
        return pdf
    lock = f"{key}:rendering"
    if not cache.add(lock, 1, WAIT_SECONDS):
        pdf = _wait_for(key)
        if pdf is not None:
            return pdf
    try:
        start = time.perf_counter()
        pdf = html_to_pdf(brochure_html(today=today))
        cache.set(key, pdf, CACHE_SECONDS)
        logger.info(
            "Rendered the catalogue brochure (%d bytes) in %.1f s",
            len(pdf),
            time.perf_counter() - start,
        )
    finally:
        cache.delete(lock)
    return pdf


def _wait_for(key: str) -> bytes | None:
    """The PDF another process is rendering, once it is there; None if it takes too long."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        pdf = cache.get(key)
        if pdf is not None:
            return pdf
        if cache.get(f"{key}:rendering") is None:
            return None  # the other render failed or finished without caching: render here
    return None
