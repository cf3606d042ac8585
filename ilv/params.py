"""Query parameters that become numbers.

``str.isdigit`` accepts "²" and "٣", which ``int`` then refuses or reads as another digit; a
hostile value must give the page without the filter, never a server error.
"""

import re

_ASCII_NUMBER = re.compile(r"[0-9]{1,9}")


def whole_number(value, *, minimum: int = 0, maximum: int = 10**9) -> int | None:
    """``value`` as a whole number written in ASCII digits within [minimum, maximum], else
    None."""
    if not isinstance(value, str) or not _ASCII_NUMBER.fullmatch(value):
        return None
    number = int(value)
    return number if minimum <= number <= maximum else None
