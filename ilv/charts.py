"""Server-side SVG charts: geometry computed here, drawn by a template, the same in HTML and PDF.

No script and no inline style (the Content-Security-Policy forbids both); colours are SVG
presentation attributes, and every series also differs by its dash pattern, not by colour alone.
"""

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal

from ilv.templatetags.ilv_format import format_number

PALETTE = ["#0b5c63", "#b5541c", "#5b3f8c", "#2f6f2f", "#8a6d00", "#a4161a"]
DASHES = ["", "8 4", "3 3", "10 3 2 3", "1 3", "6 2 6 6"]


@dataclass
class Series:
    """A value that holds from each date on until the next one (a step line)."""

    label: str
    points: list[tuple[datetime.date, Decimal | None]]


@dataclass
class Line:
    label: str
    path: str
    color: str
    dash: str
    markers: list[tuple[float, float]] = field(default_factory=list)


@dataclass
class Chart:
    title: str
    description: str
    width: int
    height: int
    left: int
    top: int
    right: int
    bottom: int
    lines: list[Line]
    x_ticks: list[tuple[float, str]]
    y_ticks: list[tuple[float, str]]
    unit: str


def _line(i: int, label: str, commands: list[str], markers) -> Line:
    """The ``i``-th line of a chart: its own colour and dash pattern."""
    return Line(
        label=label,
        path=" ".join(commands),
        color=PALETTE[i % len(PALETTE)],
        dash=DASHES[i % len(DASHES)],
        markers=markers,
    )


def nice_ceiling(value: float) -> float:
    """The smallest of 1, 2, 2.5, 5 × 10^k that is at least ``value`` (an axis maximum)."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def step_chart(
    series: list[Series],
    *,
    title: str,
    description: str,
    end: datetime.date,
    unit: str = "VTE",
    width: int = 640,
    height: int = 260,
) -> Chart | None:
    """A step chart of ``series`` from their first date until ``end``; None when nothing to draw."""
    dated = [s for s in series if s.points]
    if not dated:
        return None
    start = min(p[0] for s in dated for p in s.points)
    end = max(end, max(p[0] for s in dated for p in s.points) + datetime.timedelta(days=1))
    values = [float(v) for s in dated for _d, v in s.points if v is not None]
    top_value = nice_ceiling(max(values) if values else 1)
    left, top, right, bottom = 64, 28, width - 16, height - 40
    span = (end - start).days

    def x(date):
        return round(left + (right - left) * (date - start).days / span, 1)

    def y(value):
        return round(bottom - (bottom - top) * float(value) / top_value, 1)

    lines = []
    for i, s in enumerate(dated):
        commands, markers = [], []
        points = sorted(s.points)
        for j, (date, value) in enumerate(points):
            until = points[j + 1][0] if j + 1 < len(points) else end
            if value is None:
                continue  # no figure (e.g. "in uitdoof"): a gap, never a zero
            commands.append(f"M{x(date)},{y(value)} H{x(until)}")
            markers.append((x(date), y(value)))
            if j + 1 < len(points) and points[j + 1][1] is not None:
                commands.append(f"V{y(points[j + 1][1])}")
        lines.append(_line(i, s.label, commands, markers))
    y_ticks = [(y(top_value * k / 4), format_number(top_value * k / 4)) for k in range(5)]
    x_ticks = [
        (x(datetime.date(year, 1, 1)), str(year))
        for year in range(start.year, end.year + 1)
        if start <= datetime.date(year, 1, 1) <= end
    ]
    if not x_ticks or x_ticks[0][0] - left > 60:
        # Name where the line starts when the first new year is far from it.
        x_ticks.insert(0, (x(start), start.strftime("%m/%Y")))
    return Chart(
        title, description, width, height, left, top, right, bottom, lines, x_ticks, y_ticks, unit
    )


@dataclass
class Bar:
    label: str
    value_label: str
    y: float
    width: float
    color: str
    text_y: float  # baseline of the label and the value, halfway down the bar
    value_x: float  # where the value is written: just after the bar


@dataclass
class BarChart:
    title: str
    description: str
    width: int
    height: int
    left: int
    right: int
    bar_height: int
    bars: list[Bar]
    x_ticks: list[tuple[float, str]]
    unit: str


def bar_chart(
    items: list[tuple[str, Decimal | None]],
    *,
    title: str,
    description: str,
    unit: str = "VTE",
    width: int = 640,
    bar_height: int = 26,
) -> BarChart | None:
    """Horizontal bars, one per item, labelled with their value; None when nothing to draw.

    An item without a value gets no bar but keeps its row, labelled "–", so a missing figure is
    never drawn as zero.
    """
    if not items:
        return None
    values = [float(v) for _label, v in items if v is not None]
    top_value = nice_ceiling(max(values) if values else 1)
    left, right, top, gap = 170, width - 70, 10, 12
    scale = (right - left) / top_value
    bars = [
        Bar(
            label=label,
            value_label=format_number(value, 2) if value is not None else "–",
            y=top + i * (bar_height + gap),
            width=round(float(value) * scale, 1) if value is not None else 0,
            color=PALETTE[i % len(PALETTE)],
            text_y=top + i * (bar_height + gap) + bar_height / 2 + 4,
            value_x=left + (round(float(value) * scale, 1) if value is not None else 0) + 6,
        )
        for i, (label, value) in enumerate(items)
    ]
    height = top + len(items) * (bar_height + gap) + 24
    x_ticks = [
        (round(left + scale * top_value * k / 4, 1), format_number(top_value * k / 4))
        for k in range(5)
    ]
    return BarChart(title, description, width, height, left, right, bar_height, bars, x_ticks, unit)


def line_chart(
    series: list[Series],
    *,
    months: list[datetime.date],
    title: str,
    description: str,
    unit: str,
    decimals: int | None = None,
    width: int = 440,
    height: int = 220,
) -> Chart | None:
    """Monthly values over ``months`` (oldest first, evenly spaced), one line per series.

    A month without a figure breaks the line: a gap, never a zero. Every known month has a
    marker, so a single month still shows. None when no series has a value.
    """
    values = [float(v) for s in series for _d, v in s.points if v is not None]
    if not values or not months:
        return None
    top_value = nice_ceiling(max(values))
    left, top, right, bottom = 56, 24, width - 30, height - 36
    index = {month: i for i, month in enumerate(months)}
    steps = max(len(months) - 1, 1)

    def x(month):
        return round(left + (right - left) * index[month] / steps, 1)

    def y(value):
        return round(bottom - (bottom - top) * float(value) / top_value, 1)

    lines = []
    for i, s in enumerate(series):
        commands, markers, previous = [], [], None
        for month, value in sorted(s.points):
            if month not in index or value is None:
                previous = None
                continue
            joined = previous is not None and index[month] == index[previous] + 1
            commands.append(f"{'L' if joined else 'M'}{x(month)},{y(value)}")
            markers.append((x(month), y(value)))
            previous = month
        lines.append(_line(i, s.label, commands, markers))
    y_ticks = [(y(top_value * k / 4), format_number(top_value * k / 4, decimals)) for k in range(5)]
    # A label every six months, and always the last month.
    labelled = [m for i, m in enumerate(months) if (len(months) - 1 - i) % 6 == 0]
    x_ticks = [(x(m), m.strftime("%m/%Y")) for m in labelled]
    return Chart(
        title, description, width, height, left, top, right, bottom, lines, x_ticks, y_ticks, unit
    )
