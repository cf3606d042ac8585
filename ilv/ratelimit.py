"""A per-address count of completed submissions in Django's cache, to slow down bots on public
forms without stopping people: a form sent back with errors does not count, and a municipal office
behind one address has room for many colleagues.

Fixed windows (the key names the window). A submission takes its place with the cache's atomic
``incr`` before any work is done, so that a burst of simultaneous requests cannot slip past the
limit between a check and a count, and gives it back when it did not complete (form errors, a full
workshop). ``incr`` is atomic in Redis (REDIS_URL, production) and within one process (the local
memory cache of development and tests); set TRUSTED_PROXIES behind a reverse proxy, or every
visitor counts as the proxy.
"""

import contextlib
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_address(request) -> str:
    """The visitor's address; behind TRUSTED_PROXIES reverse proxies, as the nearest one saw it.

    Only the entries our own proxies appended to X-Forwarded-For are trusted: a visitor can put
    anything in front of them.
    """
    proxies = settings.TRUSTED_PROXIES
    if proxies:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [a for a in forwarded if a]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def submission_start(request, scope: str, *, limit: int, window: int) -> str | None:
    """Take a place for one submission of this address in the current window: its key, or None
    when ``limit`` submissions already completed (answer with ``too_many_response``)."""
    key = f"ratelimit:{scope}:{client_address(request)}:{int(time.time()) // window}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # the window's key expired between add and incr
        cache.add(key, 1, window)
        count = 1
    if count > limit:
        submission_failed(key)
        return None
    return key


def submission_failed(key: str) -> None:
    """The submission did not complete (form errors, a refusal): it does not count."""
    with contextlib.suppress(ValueError):  # the window ended meanwhile: nothing to give back
        cache.decr(key)


def too_many_response(request):
    return render(request, "429.html", status=429)
