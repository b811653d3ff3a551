"""Shared helpers: expand merged cells into a grid, and tidy cell text.

HTML (rowspan/colspan), DOCX (gridSpan/vMerge) and ruled PDF tables all
describe merged cells differently, but the extractor wants one thing: a
rectangular grid where a merged cell's text is repeated in every position it
covers, and ``Table.spans`` marks the repeats.  Each reader turns its own
notion of a merge into ``(text, rowspan, colspan)`` triples and calls
``expand``.
"""

from __future__ import annotations

import re

from parsers import limits
from parsers.document import Table

_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])\s*\n\s*|\s*\n\s*(?=[{_CJK}])")
_SPACE_RUN = re.compile(r"[ \t\r\f\v\u00a0\u3000]+")
_CJK_DIGIT_GAP = re.compile(rf"(?<=[{_CJK}]) (?=[\d\-+])|(?<=\d) (?=[{_CJK}])")

Cell = tuple[str, int, int]


def clean_cell(text: str | None) -> str:
    """One line of cell text: wrapped Chinese lines join without a space.

    pdfplumber and python-docx split a wrapped cell with ``\\n``; joining
    those with a space would turn 结转下年度 into 结转 下年度 and break
    label matching, while Latin words and numbers still need the space.
    """
    if not text:
        return ""
    text = _CJK_BREAK.sub("", text.strip())
    text = text.replace("\n", " ")
    return _SPACE_RUN.sub(" ", text).strip()


def tidy_cjk_spaces(text: str) -> str:
    """Drop the single spaces some generators put between Chinese and digits."""
    return _CJK_DIGIT_GAP.sub("", text)


def expand(rows: list[list[Cell]], page: int | None = None) -> Table | None:
    """Lay out ``(text, rowspan, colspan)`` rows on a grid, repeating merged text.

    A row is placed left to right into the first free positions, exactly as
    browsers lay out ``<td rowspan>``; short rows are padded with ``""`` so
    that every row has the width of the widest.
    """
    grid: dict[tuple[int, int], str] = {}
    spans: set[tuple[int, int]] = set()
    width, most = 0, limits.current().table_cells
    for r, row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in row:
            while (r, c) in grid:
                c += 1
            # as browsers do: a rowspan never reaches past the last row
            rowspan = max(1, min(rowspan, len(rows) - r))
            colspan = max(1, min(colspan, 1000))
            if len(grid) + rowspan * colspan > most:
                raise limits.too_complex(f"a table of more than {most} cells")
            for dr in range(rowspan):
                for dc in range(colspan):
                    pos = (r + dr, c + dc)
                    if pos in grid:
                        continue  # overlapping spans: the first cell wins
                    grid[pos] = text
                    if dr or dc:
                        spans.add(pos)
            c += colspan
        width = max(width, c)
    height = max((r for r, _ in grid), default=-1) + 1
    height = max(height, len(rows))
    if not height or not width:
        return None
    width = max(width, max((c for _, c in grid), default=-1) + 1)
    limits.check_cells(height, width, "a table")
    out = [[grid.get((r, c), "") for c in range(width)] for r in range(height)]
    while out and not any(out[-1]):
        out.pop()
    if not out:
        return None
    spans = {(r, c) for r, c in spans if r < len(out)}
    return Table(rows=out, spans=spans, page=page)
