"""Ruled PDF tables: cells from pdfplumber, merged cells and page breaks resolved.

pdfplumber reports a merged cell once, with its bounding box, and ``None``
in the grid positions it covers.  Here every cell is mapped onto grid
columns and rows by its edges, so a merged cell is repeated where it lies.
A table that runs over a page break arrives as two parts; they are joined
on the union of their column edges, and a row that the break cut in two
(its label wrapped onto the next page, the numbers left above) is put
back together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pdfplumber.table import Table as PlumberTable

from parsers.document import Table
from parsers.readers.grid import clean_cell
from parsers.readers.lines import is_number
from parsers.readers.pdf_vertical import Char, split_cell

TOL = 2.0
# a number wrapped in a narrow ruled cell ("29\n9"): one cell holds one value
_WRAPPED = re.compile(r"^\s*[+\-]?[\d.,]+(\n[\d.,]+)+%?\s*$")
_NUMBER_WRAP = re.compile(r"\n")


@dataclass
class PCell:
    x0: float
    x1: float
    r0: int
    r1: int  # exclusive
    text: str


@dataclass
class Part:
    """One table on one page: its cells with rows numbered from 0."""

    cells: list[PCell]
    n_rows: int
    top: float
    bottom: float
    page: int
    extra: list[PCell] = field(default_factory=list)


def _edges(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if not out or v - out[-1] > TOL:
            out.append(v)
    return out


def _index(edges: list[float], v: float) -> int:
    return min(range(len(edges)), key=lambda i: abs(edges[i] - v))


def part_from_table(
    table: PlumberTable,
    page: int,
    chars: list[Char] | None = None,
    runs: list[list[Char]] | None = None,
) -> Part:
    """One ruled table; ``runs`` (``pdf_vertical``) cut a tall cell that holds a
    vertical group label and the row labels beside it into its real cells."""
    extracted = table.extract()
    boxes = [
        (bbox, extracted[i][j])
        for i, row in enumerate(table.rows)
        for j, bbox in enumerate(row.cells)
        if bbox is not None
    ]
    ys = _edges([b[1] for b, _ in boxes] + [b[3] for b, _ in boxes])
    cells: list[PCell] = []
    for b, text in ((b, t or "") for b, t in boxes):
        r0 = _index(ys, b[1])
        r1 = max(_index(ys, b[3]), r0 + 1)
        split = None
        if runs and chars is not None and r1 - r0 > 1:
            bands = [(ys[r], ys[r + 1]) for r in range(r0, r1)]
            split = split_cell((b[0], b[1], b[2], b[3]), bands, chars, runs)
        if split is None:
            cells.append(PCell(b[0], b[2], r0, r1, text))
            continue
        cut, label, per_row = split
        if label:
            cells.append(PCell(b[0], cut, r0, r1, label))
        cells += [PCell(cut, b[2], r0 + i, r0 + i + 1, t) for i, t in enumerate(per_row)]
    return Part(cells, len(ys) - 1, table.bbox[1], table.bbox[3], page)


def _row_has_number(cells: list[PCell], r: int) -> bool:
    return any(c.r0 == r and is_number(clean_cell(c.text)) for c in cells)


def _is_cut(a: Part, b: Part) -> bool:
    """Did the break split a row?  Then b's first row is text left over in some
    cells and blanks where the row above has its values."""
    if _row_has_number(b.cells, 0):
        return False
    filled = [c for c in a.cells if c.r1 == a.n_rows and clean_cell(c.text)]
    blanks = [c for c in b.cells if c.r0 == 0 and not clean_cell(c.text)]
    return any(abs(x.x0 - y.x0) < TOL and abs(x.x1 - y.x1) < TOL for x in filled for y in blanks)


def _row_texts(part: Part, r: int) -> list[str]:
    return [clean_cell(c.text) for c in sorted(part.cells, key=lambda c: c.x0) if c.r0 == r]


def _drop_repeated_header(a: Part, b: Part) -> Part:
    """Word repeats header rows on every page ("repeat as header row"); keep them once."""
    h = 0
    while h < min(4, a.n_rows, b.n_rows - 1) and _row_texts(a, h) == _row_texts(b, h):
        h += 1
    if not h or not any(_row_texts(b, r) for r in range(h)):
        return b
    cells = [PCell(c.x0, c.x1, c.r0 - h, c.r1 - h, c.text) for c in b.cells if c.r0 >= h]
    return Part(cells, b.n_rows - h, b.top, b.bottom, b.page)


def join(a: Part, b: Part) -> Part:
    """Append part ``b`` (next page) to ``a``; glue a row the page break cut."""
    b = _drop_repeated_header(a, b)
    last = a.n_rows - 1
    cut = _is_cut(a, b)
    offset = last if cut else a.n_rows
    cells = list(a.cells)
    for c in b.cells:
        moved = PCell(c.x0, c.x1, c.r0 + offset, c.r1 + offset, c.text)
        if c.r0 == 0:
            above = next(
                (
                    p
                    for p in cells
                    if p.r1 == a.n_rows and abs(p.x0 - c.x0) < TOL and abs(p.x1 - c.x1) < TOL
                ),
                None,
            )
            if above is not None and (cut or not clean_cell(c.text)):
                if cut and c.text:
                    above.text = f"{above.text}\n{c.text}" if above.text else c.text
                above.r1 = moved.r1
                continue
        cells.append(moved)
    return Part(cells, offset + b.n_rows, a.top, b.bottom, a.page)


def to_table(part: Part) -> Table:
    xs = _edges([c.x0 for c in part.cells] + [c.x1 for c in part.cells])
    width = len(xs) - 1
    grid: list[list[str]] = [[""] * width for _ in range(part.n_rows)]
    spans: set[tuple[int, int]] = set()
    for c in sorted(part.cells, key=lambda c: (c.r0, c.x0)):
        c0 = _index(xs, c.x0)
        c1 = max(_index(xs, c.x1), c0 + 1)
        text = clean_cell(_NUMBER_WRAP.sub("", c.text) if _WRAPPED.match(c.text) else c.text)
        for r in range(c.r0, min(c.r1, part.n_rows)):
            for col in range(c0, min(c1, width)):
                grid[r][col] = text
                if (r, col) != (c.r0, c0):
                    spans.add((r, col))
    keep = [i for i, row in enumerate(grid) if any(row)]
    renumber = {old: new for new, old in enumerate(keep)}
    rows = [grid[i] for i in keep]
    spans = {(renumber[r], c) for r, c in spans if r in renumber}
    return Table(rows=rows, spans=spans, page=part.page)
