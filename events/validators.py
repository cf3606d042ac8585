"""Checks on what the public types into the registration form."""

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Control characters (among them \r, \n and U+0085) and the line and paragraph separators
# (U+2028, U+2029): each of them breaks a line in some mail client or in str.splitlines().
_BREAKING = {"Cc", "Zl", "Zp"}


def validate_single_line(value: str) -> None:
    """A name is one line: no line breaks or other control characters (they end up in mails)."""
    if any(unicodedata.category(char) in _BREAKING for char in value):
        raise ValidationError(_("Gebruik één regel, zonder regeleinden."), code="single_line")
