"""Personal links to a registration: signed, unguessable, revocable, and always the same link.

The token is the registration's id and its stored random nonce, signed with SECRET_KEY. Without a
timestamp, so that every e-mail carries the same link; replacing the nonce revokes it.
"""

import secrets

from django.core import signing
from django.utils.crypto import constant_time_compare

SALT = "ilv.events.registration-link"


def new_nonce() -> str:
    return secrets.token_urlsafe(32)


def registration_token(registration) -> str:
    signer = signing.Signer(salt=SALT)
    return signer.sign_object({"r": registration.pk, "n": registration.link_nonce})


def registration_from_token(token: str, queryset):
    """The registration a token points to, or None for a forged, altered or revoked token."""
    try:
        data = signing.Signer(salt=SALT).unsign_object(token)
        pk, nonce = int(data["r"]), str(data["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    registration = queryset.filter(pk=pk).first()
    if registration is None or not constant_time_compare(registration.link_nonce, nonce):
        return None
    return registration
