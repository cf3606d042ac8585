"""Belgian-Dutch formatting of figures: 9.788 people, 94,15 VTE, 6,6 %, and empty or withheld cells.

Thousands are grouped here, on quantities only, because USE_THOUSAND_SEPARATOR would also turn a
year into "2.021".
"""

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils import formats, numberformat
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

register = template.Library()

NBSP = "\u00a0"


def format_number(value, decimals: int | None = None) -> str:
    """``value`` with a decimal comma and grouped thousands; ``decimals`` None: as needed."""
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if decimals is None:
        decimals = (
            0
            if number == number.to_integral_value()
            else max(0, -number.normalize().as_tuple().exponent)
        )
    # numberformat cuts digits off; round the way people expect (2,25 → 2,3) first.
    number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return numberformat.format(
        number,
        formats.get_format("DECIMAL_SEPARATOR"),
        decimal_pos=decimals,
        grouping=3,
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


@register.filter
def number(value, decimals=None):
    """9788 → 9.788; 6.60 → 6,6; with an argument, that many decimals."""
    return format_number(value, None if decimals is None else int(decimals))


@register.filter
def fte(value):
    """Full-time equivalents always with two decimals: 94.15 → 94,15."""
    return format_number(value, 2)


@register.filter
def percent(value, decimals=1):
    """A percentage with one decimal and a non-breaking space: 6.1 → 6,1 %."""
    text = format_number(value, int(decimals))
    return f"{text}{NBSP}%" if text else ""


@register.filter
def figure(cell, is_percentage=False):
    """A figure cell: its value, "afgeschermd" when the source withholds it, "–" when missing."""
    if cell is None or (cell.value is None and not cell.is_withheld):
        return "–"
    if cell.is_withheld:
        return _("afgeschermd")
    return percent(cell.value) if is_percentage else number(cell.value)


@register.filter
def signed_percent(value):
    """A change in percent with its sign: +3,2 % or −1,5 %."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("\u2212" if value < 0 else "")
    return f"{sign}{percent(abs(value))}"


@register.filter
def signed_points(value):
    """A change of a percentage, in percentage points with its sign: +0,3 procentpunt."""
    if value is None:
        return "–"
    sign = "+" if value > 0 else ("\u2212" if value < 0 else "")
    return _("%(sign)s%(value)s procentpunt") % {"sign": sign, "value": number(abs(value), 1)}


@register.filter
def allocation_fte(allocation):
    """An allocation's FTE as the DWSE tables show it: 94,15; "(in uitdoof)"; "–" when none."""
    if allocation is None:
        return "–"
    if allocation.fte is None:
        return _("(in uitdoof)") if allocation.phasing_out else "–"
    text = fte(allocation.fte)
    return _("%(fte)s (in uitdoof)") % {"fte": text} if allocation.phasing_out else text


@register.filter
def short_date(value):
    """01/04/2021, also where the template has no access to the locale's formats."""
    return value.strftime("%d/%m/%Y") if value else ""


@register.filter
def date_list(dates):
    """Several dates as one phrase: 01/01/2021, 01/04/2021 en 01/10/2021."""
    return get_text_list([short_date(d) for d in dates], _("en"))
