"""Put the cells of a borderless table under their columns by position.

A table without ruling lines (a PDF drawn without a grid, a scan whose
lines were erased, an HTML row padded into columns with spaces) arrives as
rows of cells with their x extents (points, pixels or character columns).
A blank cell leaves no trace there, so reading values in order would slide
the ones after a blank into the wrong columns.  The columns are known,
though: every number sits under its column, and header words over theirs:

* the label zone is the x range that the row labels of data rows cover;
* column anchors are the x ranges of the number cells (clustered where they
  overlap), then of header cells right of the label zone that lie over no
  anchor yet, finest header row first (a spanning heading such as 行政诉讼
  lies over a column its sub-headings already define);
* every row becomes ``labels + one cell per anchor``: ``""`` where the row
  has nothing (a blank); rows with fewer labels than the widest row are
  padded on the left with positions marked as merged (the extractor skips
  them).

A table that holds several parts one under the other (二、三、四 in one
big table) is aligned part by part, since each part has its own columns.
A row in which two values fall under one anchor cannot be placed for sure;
it is kept as read, and the document's warnings say so (a flag).
"""

from __future__ import annotations

import re

from parsers.document import Table
from parsers.readers.lines import is_number

Span = tuple[float, float]
_HEADING = re.compile(r"^([一二三四五六七八九十]+、|第二十条)")
TOL = 1.0


def _overlap(a: Span, b: Span) -> float:
    return min(a[1], b[1]) - max(a[0], b[0])


def _label_right(rows: list[list[str]], xs: list[list[Span]]) -> float:
    """Right edge of the row labels: the non-number cells before a row's first
    number, but never past the leftmost number of the table; a misread value
    (人1 for 61) must not pull the label zone over the first column."""
    right = float("-inf")
    leftmost = float("inf")
    for row, spans in zip(rows, xs, strict=True):
        first = next((i for i, t in enumerate(row) if is_number(t)), None)
        if first is not None:
            leftmost = min(leftmost, spans[first][0])
        edges = [s[1] for t, s in zip(row[:first], spans, strict=False) if _labelish(t)]
        if first and edges:
            right = max(right, max(edges))
    return min(right, leftmost - TOL)


def _labelish(text: str) -> bool:
    """A real label, not a misread value (人1, oA): two Chinese characters or
    four characters of anything."""
    return len(text) >= 4 or sum("\u4e00" <= ch <= "\u9fff" for ch in text) >= 2


def _clusters(spans: list[Span]) -> list[Span]:
    """Overlapping x ranges (sorted by start) merged: one range per column."""
    found: list[Span] = []
    for s in spans:
        if found and _overlap(found[-1], s) > -TOL:
            found[-1] = (min(found[-1][0], s[0]), max(found[-1][1], s[1]))
        else:
            found.append(s)
    return found


def _lined_up(rows: list[list[str]], xs: list[list[Span]]) -> bool:
    """Do the numbers stand in as many columns as the fullest row has values?
    Text padded with spaces into columns does; text whose cells are merely
    separated by a few spaces does not, and its positions mean nothing."""
    numbers = sorted(
        (
            s
            for row, sp in zip(rows, xs, strict=True)
            for t, s in zip(row, sp, strict=True)
            if is_number(t)
        ),
        key=lambda s: s[0],
    )
    most = max((sum(is_number(t) for t in row) for row in rows), default=0)
    return len(_clusters(numbers)) <= most


def anchors(rows: list[list[str]], xs: list[list[Span]]) -> tuple[list[Span], float]:
    """Column x ranges right of the label zone, left to right; and the zone's right edge."""
    label_right = _label_right(rows, xs)
    numbers = sorted(
        (
            s
            for row, spans in zip(rows, xs, strict=True)
            for t, s in zip(row, spans, strict=True)
            if is_number(t) and s[0] > label_right - TOL
        ),
        key=lambda s: s[0],
    )
    found = _clusters(numbers)
    heads = [
        (row, spans)
        for row, spans in zip(rows, xs, strict=True)
        if not any(is_number(t) for t in row)
    ]
    for row, spans in sorted(heads, key=lambda h: -len(h[0])):
        for t, s in zip(row, spans, strict=True):
            if t.strip() and s[0] > label_right - TOL and all(_overlap(a, s) <= 0 for a in found):
                found.append(s)
    return sorted(found), label_right


def _place(
    row: list[str], spans: list[Span], cols: list[Span], label_right: float
) -> tuple[list[str], list[str]] | None:
    """(labels, one cell per anchor) of one row; None when two values share an anchor."""
    labels: list[str] = []
    cells = [""] * len(cols)
    for t, s in zip(row, spans, strict=True):
        left_of_values = s[1] <= label_right + TOL or (
            s[1] <= cols[0][0] + TOL and _overlap(cols[0], s) <= 0
        )
        if left_of_values and not any(cells):
            labels.append(t)
            continue
        over = [k for k, a in enumerate(cols) if _overlap(a, s) > 0]
        words = t.split()
        if len(over) > 1 and len(words) == len(over) and not any(cells[k] for k in over):
            for k, w in zip(over, words, strict=True):  # 社会公益组织 法律服务机构
                cells[k] = w
            continue
        best, k = max((_overlap(a, s), k) for k, a in enumerate(cols))
        if best <= 0:  # between columns: the nearest one
            mid = (s[0] + s[1]) / 2
            k = min(range(len(cols)), key=lambda j: abs((cols[j][0] + cols[j][1]) / 2 - mid))
        if cells[k]:
            if is_number(t) or is_number(cells[k]):
                return None
            cells[k] = f"{cells[k]} {t}"  # two header words over one column
            continue
        cells[k] = t
    return labels, cells


def _has_number(row: list[str]) -> bool:
    return any(is_number(t) for t in row)


def _segments(rows: list[list[str]]) -> list[int]:
    """Start rows of the parts of a table that have their own columns.

    One table may hold 二、三、四 (or the sub-tables of 二) one under the
    other, each with its own header and column widths.  A part starts where
    rows without numbers follow a row with numbers and are a header (two or
    more cells) or a numbered heading; a lone label whose values are all
    blank starts nothing.
    """
    starts = [0]
    for i in range(1, len(rows)):
        if _has_number(rows[i]) or not _has_number(rows[i - 1]):
            continue
        j = i
        while j < len(rows) and not _has_number(rows[j]):
            if len(rows[j]) >= 2 or _HEADING.match(rows[j][0] if rows[j] else ""):
                starts.append(i)
                break
            j += 1
    return starts


def _align_part(
    rows: list[list[str]], xs: list[list[Span]]
) -> tuple[list[list[str]], set[tuple[int, int]], int]:
    """Rows of one part as a grid, the padding positions, and the rows left as read."""
    cols, label_right = anchors(rows, xs)
    if not cols or not any(_has_number(r) for r in rows):
        return [list(r) for r in rows], set(), 0
    placed = [_place(r, s, cols, label_right) for r, s in zip(rows, xs, strict=True)]
    width = max((len(p[0]) for p in placed if p is not None), default=0)
    out: list[list[str]] = []
    spans: set[tuple[int, int]] = set()
    unplaced = 0
    for r, (row, p) in enumerate(zip(rows, placed, strict=True)):
        if p is None:
            unplaced += 1
            out.append(list(row))
            continue
        labels, cells = p
        pad = width - len(labels)
        spans.update((r, c) for c in range(pad))  # read like a merged cell: skipped
        out.append([*([""] * pad), *labels, *cells])
    return out, spans, unplaced


def align(table: Table, text: bool = False) -> tuple[Table, int]:
    """The table as a grid of columns placed by x, and how many rows could not be.

    A table without positions, or without numbers, is returned as it is; so
    is one whose positions are character columns of text (``text``) that
    was not padded into columns.
    """
    if table.xs is None or not any(_has_number(row) for row in table.rows):
        return table, 0
    if text and not _lined_up(table.rows, table.xs):
        return Table(rows=table.rows, spans=table.spans, page=table.page), 0
    starts = _segments(table.rows)
    rows: list[list[str]] = []
    spans: set[tuple[int, int]] = set()
    unplaced = 0
    for a, b in zip(starts, [*starts[1:], len(table.rows)], strict=True):
        part, pads, lost = _align_part(table.rows[a:b], table.xs[a:b])
        spans |= {(r + len(rows), c) for r, c in pads}
        rows += part
        unplaced += lost
    return Table(rows=rows, spans=spans, page=table.page), unplaced


def align_all(
    blocks: list[str | Table], warnings: list[str], text: bool = False
) -> list[str | Table]:
    """Align every positioned table; note rows that could not be put under columns."""
    out: list[str | Table] = []
    for block in blocks:
        if isinstance(block, Table):
            block, unplaced = align(block, text)
            if unplaced:
                warnings.append(
                    f"{unplaced} row(s) of a borderless table could not be put under columns"
                )
        out.append(block)
    return out
