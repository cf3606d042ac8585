"""A per-address counter of completed submissions in Django's cache, to slow down bots on public
forms without stopping people: a form sent back with errors does not count, and a municipal office
behind one address has room for many colleagues.

Fixed windows (the key names the window) and ``cache.incr``, which is atomic in the shared cache
of production (Redis); set TRUSTED_PROXIES behind a reverse proxy, or every visitor counts as the
proxy.
"""

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


def _key(request, scope: str, window: int) -> str:
    return f"ratelimit:{scope}:{client_address(request)}:{int(time.time()) // window}"


def is_limited(request, scope: str, *, limit: int, window: int) -> bool:
    """Whether this address already completed ``limit`` submissions in the current window."""
    return (cache.get(_key(request, scope, window)) or 0) >= limit


def count_submission(request, scope: str, *, window: int) -> int:
    """Count one completed submission of this address in the current window."""
    key = _key(request, scope, window)
    cache.add(key, 0, window)
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.add(key, 1, window)
        return 1


def too_many_response(request):
    return render(request, "429.html", status=429)
