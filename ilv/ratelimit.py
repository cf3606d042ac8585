"""A per-address counter in Django's cache, to slow down bots on public forms."""

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


def too_many_attempts(request, scope: str, *, limit: int = 10, window: int = 600) -> bool:
    """Count this request; True when the address sent more than ``limit`` in ``window`` seconds."""
    key = f"ratelimit:{scope}:{client_address(request)}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit


def too_many_response(request):
    return render(request, "429.html", status=429)
