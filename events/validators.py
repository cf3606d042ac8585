"""Checks on what the public types into the registration form."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


def validate_single_line(value: str) -> None:
    """A name is one line: no line breaks or other control characters (they end up in mails)."""
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        raise ValidationError(_("Gebruik één regel, zonder regeleinden."), code="single_line")
