"""Charts drawn on the server as SVG: readable without JavaScript, nothing fetched from elsewhere.

This module only does the geometry (where each bar, point and tick goes);
``templates/chart.html`` writes it out as SVG through Jinja's autoescaping,
so an organ's name is text in the picture, never markup.  Every bar and
point carries its value as text and as a ``<title>`` (the tooltip).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

PALETTE = ["#a31d1d", "#1d6fa3", "#d98c1a", "#3c8d40", "#7a4da3", "#777777"]


@dataclass(frozen=True)
class Series:
    name: str
    values: list[float | None]
    color: str = PALETTE[0]


@dataclass
class Mark:
    """A bar (``w``/``h`` > 0) or a point (``r`` > 0) with its value written next to it."""

    x: float
    y: float
    w: float = 0
    h: float = 0
    r: float = 0
    color: str = PALETTE[0]
    text: str = ""
    text_x: float = 0
    text_y: float = 0
    title: str = ""
    series: str = ""
    category: str = ""
    value: float | None = None


@dataclass
class Chart:
    width: int
    height: int
    left: float
    top: float
    plot_w: float
    plot_h: float
    unit: str
    horizontal: bool = False
    marks: list[Mark] = field(default_factory=list)
    lines: list[tuple[str, str]] = field(default_factory=list)  # (points, colour)
    ticks: list[tuple[float, str]] = field(default_factory=list)  # value-axis position, text
    labels: list[tuple[float, float, str]] = field(default_factory=list)  # category labels
    legend: list[tuple[float, str, str]] = field(default_factory=list)  # x, colour, name
    empty: bool = False
    zero: bool = False  # every value is 0: nothing to draw, and that is the news


def fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,.2f}".rstrip("0").rstrip(".") if value != int(value) else f"{int(value):,}"
    return text + ("%" if unit == "%" else "")


def nice_max(value: float) -> tuple[float, float]:
    """An axis end ≥ value and its tick step, in steps of 1, 2 or 5 × 10ⁿ."""
    if value <= 0:
        return 1.0, 0.25
    raw = value / 4
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return step * math.ceil(value / step - 1e-9), step


def _frame(unit: str, width: int, height: int, left: float, legend: list[Series]) -> Chart:
    top = 34.0 if len(legend) > 1 else 22.0
    chart = Chart(width, height, left, top, width - left - 16, height - top - 30, unit)
    x = left
    for s in legend if len(legend) > 1 else []:
        chart.legend.append((x, s.color, s.name))
        x += 24 + 14 * len(s.name)
    return chart


def _value_ticks(chart: Chart, top_value: float, step: float, length: float) -> None:
    n = round(top_value / step)
    for i in range(n + 1):
        value = step * i
        chart.ticks.append((length * i / n, fmt(value, chart.unit)))


def column_chart(
    categories: list[str],
    series: list[Series],
    unit: str = "",
    stacked: bool = False,
    width: int = 480,
    height: int = 230,
) -> Chart:
    """Vertical bars per category (years): side by side, or stacked."""
    chart = _frame(unit, width, height, 56.0, series)
    if stacked:
        sums = [sum(s.values[i] or 0 for s in series) for i in range(len(categories))]
        highest = max(sums, default=0)
    else:
        highest = max((v for s in series for v in s.values if v is not None), default=0)
    chart.empty = not any(v is not None for s in series for v in s.values)
    chart.zero = not chart.empty and highest == 0
    top_value, step = nice_max(float(highest))
    _value_ticks(chart, top_value, step, chart.plot_h)
    slot = chart.plot_w / max(len(categories), 1)
    bar_w = slot * 0.7 / (1 if stacked else max(len(series), 1))
    base_y = chart.top + chart.plot_h
    for i, category in enumerate(categories):
        x0 = chart.left + slot * i + slot * 0.15
        chart.labels.append((chart.left + slot * (i + 0.5), base_y + 18, category))
        stack = 0.0
        for j, s in enumerate(series):
            value = s.values[i]
            if value is None:
                continue
            h = chart.plot_h * value / top_value
            x = x0 if stacked else x0 + bar_w * j
            y = base_y - h - (chart.plot_h * stack / top_value if stacked else 0)
            mark = Mark(x, y, bar_w, h, color=s.color, value=value, series=s.name)
            mark.category, mark.title = category, f"{category} {s.name}：{fmt(value, unit)}"
            mark.text = fmt(value, unit) if (not stacked or value) else ""
            mark.text_x, mark.text_y = x + bar_w / 2, (y + h / 2 + 4 if stacked else y - 4)
            chart.marks.append(mark)
            stack += value
    return chart


def line_chart(
    categories: list[str],
    series: list[Series],
    unit: str = "%",
    width: int = 560,
    height: int = 220,
) -> Chart:
    """Points joined per series; a missing year breaks the line rather than bridging it."""
    chart = _frame(unit, width, height, 56.0, series)
    values = [v for s in series for v in s.values if v is not None]
    chart.empty = not values
    chart.zero = bool(values) and max(values) == 0
    top_value, step = (100.0, 25.0) if unit == "%" else nice_max(max(values, default=0))
    _value_ticks(chart, top_value, step, chart.plot_h)
    slot = chart.plot_w / max(len(categories), 1)
    base_y = chart.top + chart.plot_h
    for i, category in enumerate(categories):
        chart.labels.append((chart.left + slot * (i + 0.5), base_y + 18, category))
    for s in series:
        run: list[str] = []
        for i, value in enumerate(s.values):
            if value is None:
                if len(run) > 1:
                    chart.lines.append((" ".join(run), s.color))
                run = []
                continue
            x, y = chart.left + slot * (i + 0.5), base_y - chart.plot_h * value / top_value
            run.append(f"{x:.1f},{y:.1f}")
            mark = Mark(x, y, r=4, color=s.color, value=value, series=s.name)
            mark.category, mark.title = (
                categories[i],
                f"{categories[i]} {s.name}：{fmt(value, unit)}",
            )
            mark.text, mark.text_x, mark.text_y = fmt(value, unit), x, y - 8
            chart.marks.append(mark)
        if len(run) > 1:
            chart.lines.append((" ".join(run), s.color))
    return chart


def bar_chart(
    names: list[str], values: list[float | None], unit: str = "", width: int = 640
) -> Chart:
    """Horizontal bars, one per region, in the order given (the table's sort order)."""
    row = 26.0
    left = min(200.0, 24 + 14.0 * max((len(n) for n in names), default=2))
    height = int(row * max(len(names), 1) + 44)
    chart = _frame(unit, width, height, left, [])
    chart.horizontal = True
    chart.plot_h = row * len(names)
    chart.plot_w -= 60  # room for the value written after the longest bar
    present = [v for v in values if v is not None]
    chart.empty = not present
    chart.zero = bool(present) and max(present) == 0
    top_value, step = nice_max(max(present, default=0))
    _value_ticks(chart, top_value, step, chart.plot_w)
    for i, (name, value) in enumerate(zip(names, values, strict=True)):
        y = chart.top + row * i
        chart.labels.append((left - 8, y + row * 0.65, name))
        w = 0.0 if value is None else chart.plot_w * value / top_value
        mark = Mark(left, y + 4, w, row - 8, value=value, series=name, category=name)
        mark.title = f"{name}：{fmt(value, unit)}"
        mark.text = fmt(value, unit) if value is not None else "无数据"
        mark.text_x, mark.text_y = left + w + 6, y + row * 0.65
        chart.marks.append(mark)
    return chart
