"""Responses kept in the shared cache under a key that names everything they depend on.

Used for downloads that are the same for every reader (a public CSV): the key carries a
fingerprint of the data (``ilv.fingerprints``), the query and the site's address, so a change
gives a new key and the old response simply expires.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.http import HttpResponse

KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def kept_response(key: str, timeout: int, make: Callable[[], HttpResponse]) -> HttpResponse:
    """The response ``make`` gives, kept under ``key`` for ``timeout`` seconds when it is a 200
    (its content, content type and disposition); otherwise made afresh every time."""
    kept = cache.get(key)
    if kept is not None:
        content, headers = kept
        response = HttpResponse(content)
        for name, value in headers.items():
            response[name] = value
        return response
    response = make()
    if response.status_code == 200 and not response.streaming:
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        cache.set(key, (response.content, headers), timeout)
    return response
