"""The few figures people compare, read from a ``report/1``: requests, 予以公开, cases, fees.

A figure that needs a cell the report lacks is None (drawn as a gap, listed
as "—"), never 0: a county that lost its table is not a county with no
requests.  Both templates hold these cells under the same ids, except the
fee amount, which only the 2021 form asks for.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Cells = dict[str, Any]
LITIGATION = ("litigation_direct", "litigation_after_review")


def _sum(cells: Cells, ids: list[str]) -> float | None:
    total: float = 0  # stays an int for counts: 3 is drawn as "3", not "3.0"
    for cell in ids:
        value = cells.get(cell)
        if value is None:
            return None
        total += value
    return total


def granted_share(cells: Cells) -> float | None:
    """予以公开 as a percentage of all requests answered (三(七) 总计)."""
    granted, total = cells.get("requests.granted.total"), cells.get("requests.total.total")
    if granted is None or not total:
        return None
    share: float = round(100 * granted / total, 1)
    return share


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    read: Callable[[Cells], float | None]


def _cell(cell: str) -> Callable[[Cells], float | None]:
    return lambda cells: cells.get(cell)


def _outcome(outcome: str, groups: tuple[str, ...]) -> Callable[[Cells], float | None]:
    return lambda cells: _sum(cells, [f"{g}.{outcome}" for g in groups])


FIGURES = [
    Figure("received", "本年新收申请", "件", _cell("requests.new.total")),
    Figure("answered", "办理结果总计", "件", _cell("requests.total.total")),
    Figure("granted", "予以公开", "件", _cell("requests.granted.total")),
    Figure("granted_share", "予以公开占比", "%", granted_share),
    Figure("review", "行政复议", "件", _cell("review.total")),
    Figure("review_corrected", "行政复议·结果纠正", "件", _cell("review.corrected")),
    Figure("litigation", "行政诉讼", "件", _outcome("total", LITIGATION)),
    Figure("litigation_corrected", "行政诉讼·结果纠正", "件", _outcome("corrected", LITIGATION)),
    Figure("fees", "行政事业性收费金额", "万元", _cell("proactive.fees.amount")),
]
BY_KEY = {f.key: f for f in FIGURES}
#: how cases ended, stacked in the charts of 行政复议 and 行政诉讼
OUTCOMES = [("upheld", "结果维持"), ("corrected", "结果纠正"), ("other", "其他结果")]
OUTCOMES += [("pending", "尚未审结")]


def figures(report: dict[str, Any] | None) -> dict[str, float | None]:
    cells = (report or {}).get("cells") or {}
    return {f.key: f.read(cells) for f in FIGURES}


def outcomes(report: dict[str, Any] | None, groups: tuple[str, ...]) -> dict[str, float | None]:
    """How the cases of ``groups`` (review, or both litigation kinds) ended."""
    cells = (report or {}).get("cells") or {}
    return {key: _outcome(key, groups)(cells) for key, _ in OUTCOMES}


def is_government(organ: str, region_name: str) -> int:
    """How surely an organ is the region's own government (higher is surer, 0 not at all)."""
    if organ in (f"{region_name}人民政府", f"{region_name}政府"):
        return 3
    if organ.endswith("人民政府"):
        return 2
    if "人民政府" in organ and not organ.endswith(("局", "委员会", "中心")):
        return 1
    return 0
