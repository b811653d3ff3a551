"""What the region pages draw: one organ's figures over the years, a region's parts side by side.

Plain data in, charts and table rows out (no database here), so the pages'
handlers stay short and every chart can be checked against its numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nianbao.web.charts import PALETTE, Chart, Series, bar_chart, column_chart, line_chart
from nianbao.web.figures import BY_KEY, FIGURES, LITIGATION, OUTCOMES, figures, outcomes

#: the colours of how cases ended: upheld, corrected, other, pending
OUTCOME_COLOURS = ["#3c8d40", "#a31d1d", "#d98c1a", "#999999"]


@dataclass
class Panel:
    id: str
    title: str
    chart: Chart
    note: str = ""


def trend_panels(years: list[dict[str, Any]]) -> tuple[list[Panel], list[dict[str, Any]]]:
    """Charts of one organ's reports by year (oldest first), and the table under them."""
    rows = [y for y in years if y.get("year") is not None]
    labels = [f"{y['year']}" for y in rows]
    figs = [figures(y.get("report")) for y in rows]

    def series(key: str, colour: str) -> Series:
        return Series(BY_KEY[key].label, [f[key] for f in figs], colour)

    def stacked(groups: tuple[str, ...]) -> list[Series]:
        ends = [outcomes(y.get("report"), groups) for y in rows]
        return [
            Series(name, [e[key] for e in ends], OUTCOME_COLOURS[i])
            for i, (key, name) in enumerate(OUTCOMES)
        ]

    fees = series("fees", PALETTE[2])
    panels = [
        Panel(
            "chart-requests",
            "政府信息公开申请：收到与办结（件）",
            column_chart(labels, [series("received", PALETTE[1]), series("answered", PALETTE[0])]),
        ),
        Panel(
            "chart-granted-share",
            "予以公开占办理结果总数的比例",
            line_chart(labels, [series("granted_share", PALETTE[0])]),
        ),
        Panel(
            "chart-review",
            "行政复议案件及结果（件）",
            column_chart(labels, stacked(("review",)), stacked=True),
        ),
        Panel(
            "chart-litigation",
            "行政诉讼案件及结果（件，含复议后起诉）",
            column_chart(labels, stacked(LITIGATION), stacked=True),
        ),
        Panel(
            "chart-fees",
            "行政事业性收费金额（万元）",
            column_chart(labels, [fees], unit="万元"),
            "2019 年格式的报告只填收费项目数，不填金额，这些年度没有柱。"
            if any(v is None for v in fees.values)
            else "",
        ),
    ]
    table = [
        {"year": y["year"], "report_id": y["report_id"], **f}
        for y, f in zip(rows, figs, strict=True)
    ]
    return panels, table


def sort_rows(rows: list[dict[str, Any]], key: str, descending: bool) -> list[dict[str, Any]]:
    """Rows by a figure (missing figures last, whichever the direction) or by name."""
    if key == "name":
        return sorted(rows, key=lambda r: r["code"], reverse=descending)
    present = [r for r in rows if r.get(key) is not None]
    missing = [r for r in rows if r.get(key) is None]
    return sorted(present, key=lambda r: r[key], reverse=descending) + missing


def comparison_chart(rows: list[dict[str, Any]], key: str) -> Chart:
    figure = BY_KEY.get(key, FIGURES[0])
    return bar_chart([r["name"] for r in rows], [r.get(figure.key) for r in rows], figure.unit)
