"""A per-address counter in Django's cache, to slow down bots on public forms."""

from django.core.cache import cache
from django.shortcuts import render


def too_many_attempts(request, scope: str, *, limit: int = 10, window: int = 600) -> bool:
    """Count this request; True when the address sent more than ``limit`` in ``window`` seconds."""
    key = f"ratelimit:{scope}:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit


def too_many_response(request):
    return render(request, "429.html", status=429)
