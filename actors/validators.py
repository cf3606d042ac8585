"""Belgian identifiers: the enterprise number (KBO/BCE) and the NIS code of a municipality."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

validate_nis_code = RegexValidator(
    r"^[1-9]\d{4}$",
    _("Een NIS-code bestaat uit 5 cijfers, bv. 12025 voor Mechelen."),
    code="nis_code",
)


def enterprise_number_digits(value: str) -> str:
    """The ten digits of an enterprise number written as 0123.456.749, BE0123456749 or 123456749.

    Numbers issued before 2003 had nine digits; they are the same number with a leading 0.
    """
    digits = re.sub(r"[\s.\-/]", "", value.strip().upper())
    digits = digits.removeprefix("BE")
    if len(digits) == 9 and digits.isdigit():
        digits = "0" + digits
    return digits


def format_enterprise_number(value: str) -> str:
    """The official notation 0123.456.749; a value that is no enterprise number is left as typed."""
    digits = enterprise_number_digits(value)
    if not re.fullmatch(r"\d{10}", digits):
        return value
    return f"{digits[:4]}.{digits[4:7]}.{digits[7:]}"


def validate_enterprise_number(value: str) -> None:
    """Check format and the mod-97 check digits: 97 - (first eight digits mod 97) = last two."""
    digits = enterprise_number_digits(value)
    if not re.fullmatch(r"[01]\d{9}", digits):
        raise ValidationError(
            _(
                "“%(value)s” is geen ondernemingsnummer: dat heeft 10 cijfers en begint met "
                "0 of 1, bv. 0123.456.749."
            ),
            code="enterprise_number_format",
            params={"value": value},
        )
    if 97 - int(digits[:8]) % 97 != int(digits[8:]):
        raise ValidationError(
            _(
                "“%(value)s” is geen geldig ondernemingsnummer: het controlegetal klopt niet. "
                "Kijk het nummer na in de KBO."
            ),
            code="enterprise_number_checksum",
            params={"value": value},
        )
