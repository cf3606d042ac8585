"""The whole catalogue as a printable PDF brochure, rendered once per version of its data.

The brochure is always the whole catalogue: one document per data version, whatever visitors
ask, so its cost does not depend on the number of visitors or of filter combinations (a filtered
selection is the page and its CSV). Rendering is the expensive part (about a second for the demo,
tens of seconds for hundreds of organisations: ``bench/catalogue_pdf.py``), so:

- the PDF is kept in the shared cache (Redis in production) under the catalogue's fingerprint
  (``queries.catalogue_version``), for ``CACHE_SECONDS`` at most, so that a change the
  fingerprint cannot see shows within the hour;
- one render at a time for all processes (a lock in the cache): while one runs, other requests
  get the previous brochure (its cover names its date), or wait for the new one if there is none.
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
)
from ilv.pdf import html_to_pdf

logger = logging.getLogger(__name__)

CACHE_SECONDS = 3600
# The last brochure rendered, handed out while the next one is being made.
LATEST_KEY = "catalogue:brochure:latest"
LATEST_SECONDS = 24 * 3600
LOCK_KEY = "catalogue:brochure:rendering"
# Longer than a render can take: a process that dies while rendering frees the lock by then.
LOCK_SECONDS = 300
# How long a request without a previous brochure waits for another process's render.
WAIT_SECONDS = 60
POLL_SECONDS = 0.25


def brochure_html(*, today: datetime.date, generated_at: datetime.datetime | None = None) -> str:
    """The print HTML of the whole catalogue on ``today``."""
    entries = catalogue_entries(catalogue_organisations(), today=today)
    context = {
        "home_region": Region.objects.home(),
        "entries": entries,
        "groups": sector_groups(entries),
        "today": today,
        "generated_at": generated_at or timezone.now(),
    }
    return render_to_string("catalogue/brochure.html", context)


class BrochureBusy(Exception):
    """Another process has been rendering the brochure longer than a visitor can wait."""


def brochure_pdf() -> bytes:
    """The brochure as the data stand today: from the cache, or rendered and cached."""
    today = timezone.localdate()
    key = f"catalogue:brochure:{catalogue_version(today=today)}"
    pdf = cache.get(key)
    if pdf is not None:
        return pdf
    locked = cache.add(LOCK_KEY, 1, LOCK_SECONDS)
    if not locked:
        pdf = cache.get(LATEST_KEY) or _wait_for(key)
        if pdf is not None:
            return pdf
        # The other render failed and freed the lock: take it, so one process renders.
        locked = cache.add(LOCK_KEY, 1, LOCK_SECONDS)
        if not locked:
            raise BrochureBusy
    try:
        start = time.perf_counter()
        pdf = html_to_pdf(brochure_html(today=today))
        cache.set(key, pdf, CACHE_SECONDS)
        cache.set(LATEST_KEY, pdf, LATEST_SECONDS)
        logger.info(
            "Rendered the catalogue brochure (%d bytes) in %.1f s",
            len(pdf),
            time.perf_counter() - start,
        )
    finally:
        if locked:
            cache.delete(LOCK_KEY)
    return pdf


def _wait_for(key: str) -> bytes | None:
    """The PDF another process is rendering, once it is there; None if it takes too long."""
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
        pdf = cache.get(key)
        if pdf is not None:
            return pdf
        if cache.get(LOCK_KEY) is None:
            return None  # the other render failed: render here
    return None
