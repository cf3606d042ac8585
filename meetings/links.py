"""Personal links to a registration: signed, unguessable, revocable."""

import secrets

from django.core import signing
from django.utils.crypto import constant_time_compare

SALT = "ilv.meetings.registration-link"


def new_nonce() -> str:
    return secrets.token_urlsafe(32)


def registration_token(registration) -> str:
    return signing.dumps({"r": registration.pk, "n": registration.link_nonce}, salt=SALT)


def registration_from_token(token: str, queryset):
    """The registration a token points to, or None for a forged, altered or revoked token."""
    try:
        data = signing.loads(token, salt=SALT)
        pk, nonce = int(data["r"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    registration = queryset.filter(pk=pk).first()
    if registration is None or not constant_time_compare(registration.link_nonce, nonce):
        return None
    return registration
