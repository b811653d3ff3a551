"""Which review/litigation groups a row of values belongs to, from the headings.

The official table 四 names its three groups in two header rows above one
row of 15 values.  OCR text and Markdown often set 行政复议 and 行政诉讼
(or 未经复议直接起诉 / 复议后起诉) as headings above tables of their own, of
5 or 10 values each.  Every heading or header cell that names groups is
noted here, in order; a row of 5·m values then belongs to the m groups
named most recently (counting back until exactly m are named), or to
none when the headings do not name exactly m.
"""

from __future__ import annotations

from parsers.labels import norm
from parsers.templates import REVIEW_GROUPS, REVIEW_PARTS

MAX_HEADING = 14  # "（二）行政诉讼情况"; the part heading 四、…行政复议、行政诉讼情况 names all


def groups_named(text: str) -> list[str]:
    """The groups a short heading or header cell names (in table order)."""
    t = norm(text)
    if len(t) > MAX_HEADING or "。" in t:
        return []
    named = []
    if "直接起诉" in t:
        named.append("litigation_direct")
    if "复议后起诉" in t:
        named.append("litigation_after_review")
    if named:
        return named
    if "行政诉讼" in t:
        return ["litigation_direct", "litigation_after_review"]
    if "行政复议" in t:
        return ["review"]
    return []


class ReviewHeadings:
    """The groups named since the last review value row."""

    def __init__(self) -> None:
        self.named: list[list[str]] = []

    def note(self, text: str) -> None:
        groups = groups_named(text)
        if groups:
            self.named.append(groups)

    def clear(self) -> None:
        self.named = []

    def take(self, n_values: int) -> list[str] | None:
        """The groups a row of ``n_values`` values fills, or None."""
        width = len(REVIEW_PARTS)
        if not self.named or n_values % width or not 0 < n_values < len(REVIEW_GROUPS) * width:
            return None
        m = n_values // width
        union: set[str] = set()
        for groups in reversed(self.named):
            union.update(groups)
            if len(union) >= m:
                break
        if len(union) != m:
            return None
        self.clear()
        return [g for g in REVIEW_GROUPS if g in union]
