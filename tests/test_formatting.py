import datetime
from decimal import Decimal

import pytest

from actors.queries import Cell
from ilv.templatetags.ilv_format import (
    date_list,
    figure,
    fte,
    number,
    percent,
    signed_percent,
)


@pytest.mark.parametrize(
    "value, expected",
    [
        (9788, "9.788"),
        (Decimal("312533"), "312.533"),
        (Decimal("6.60"), "6,6"),
        (0, "0"),
        (None, ""),
    ],
)
def test_number(value, expected):
    assert number(value) == expected


def test_fte_always_has_two_decimals():
    assert fte(Decimal("94.15")) == "94,15"
    assert fte(Decimal("55")) == "55,00"
    assert fte(Decimal("1314")) == "1.314,00"


def test_percent_and_signed_percent():
    assert percent(Decimal("6.1")) == "6,1\u00a0%"
    assert signed_percent(Decimal("3.25")) == "+3,3\u00a0%"
    assert signed_percent(Decimal("-10")) == "\u221210,0\u00a0%"
    assert signed_percent(None) == "–"


def test_figure_distinguishes_zero_missing_and_withheld():
    assert figure(Cell(Decimal(0))) == "0"
    assert figure(Cell()) == "–"
    assert figure(Cell(None, is_withheld=True)) == "afgeschermd"
    assert figure(Cell(Decimal("6.6")), True) == "6,6\u00a0%"


def test_date_list_joins_dates_as_a_sentence():
    days = [datetime.date(2021, 4, 1), datetime.date(2021, 6, 15), datetime.date(2021, 10, 1)]
    assert date_list(days[:1]) == "01/04/2021"
    assert date_list(days) == "01/04/2021, 15/06/2021 en 01/10/2021"
