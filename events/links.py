"""Personal links to a registration: unguessable, revocable, naming no id, always the same link.

The token is the registration's stored random nonce, signed with SECRET_KEY: it says nothing about
the registration (no sequential id to try the next one), a forged or altered token fails the
signature, and replacing the nonce revokes every link sent before. Without a timestamp, so that
every e-mail carries the same link.
"""

import secrets

from django.core import signing

SALT = "ilv.events.registration-link"


def new_nonce() -> str:
    return secrets.token_urlsafe(32)


def registration_token(registration) -> str:
    return signing.Signer(salt=SALT).sign(registration.link_nonce)


def registration_from_token(token: str, queryset):
    """The registration a token points to, or None for a forged, altered or revoked token."""
    try:
        nonce = signing.Signer(salt=SALT).unsign(token)
    except signing.BadSignature:
        return None
    return queryset.filter(link_nonce=nonce).first()
