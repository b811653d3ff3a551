"""Reading a Document as rows, and fitting a row's cells to template columns.

Kept apart from the extractor's state machine: these two functions are
where layout knowledge lives (merged-cell repeats, one-cell-per-line tables,
ragged grids with stray blank cells), and they are pure.
"""

from __future__ import annotations

from collections.abc import Iterator

from parsers.document import Document, Table
from parsers.labels import Value, norm, split_label_numbers

STREAM_SHARE = 0.7


def iter_rows(doc: Document) -> Iterator[tuple[list[str | None], int | None, bool]]:
    """(cells, table index or None, is_stream) for every row of every block.

    Grid positions that repeat a merged cell come out as None so that a
    merged label or value is read once; a merged *blank* cell stays blank in
    every position it covers, so the values after it keep their columns.  In tables whose rows mostly hold one
    non-blank cell (one cell per line) those rows are stream tokens; the odd
    row with more cells is still read as a grid row.
    """
    for bi, block in enumerate(doc.blocks):
        if isinstance(block, Table):
            grid = [
                [None if (r, c) in block.spans and t.strip() else t for c, t in enumerate(row)]
                for r, row in enumerate(block.rows)
            ]
            filled = [sum(1 for t in row if t and norm(t)) for row in grid]
            rows = [n for n in filled if n]
            stream = bool(rows) and sum(n == 1 for n in rows) >= STREAM_SHARE * len(rows)
            for row, n in zip(grid, filled, strict=True):
                yield row, bi, stream and n <= 1
        else:
            lines = [ln for ln in block.splitlines() if ln.strip()]
            # a paragraph is one token (a label wrapped over lines), unless its
            # lines are rows of their own ("规章 0 0 0" from a PDF page)
            if len(lines) > 1 and any(split_label_numbers(ln) for ln in lines):
                for line in lines:
                    yield [line], None, True
            elif lines:
                yield [block], None, True


def fit(
    vals: list[tuple[int, Value]], k: int, header: dict[int, int] | None
) -> list[int | float | None] | None:
    """Fit a row's value cells to ``k`` template columns, or None if ambiguous.

    ``header`` maps grid position → column index when the table's header
    row has the same width as this row (a true grid).
    """
    filled = [v for _, v in vals if not v.blank]
    if len(filled) == k:
        return [v.number for v in filled]
    if header is not None and len(set(header.values())) == k:
        out: list[int | float | None] = [None] * k
        for pos, v in vals:
            if pos in header:
                out[header[pos]] = v.number
        return out
    seq = [v for _, v in vals]
    while len(seq) > k and seq[-1].blank:
        seq.pop()
    while len(seq) > k and seq[0].blank:
        seq.pop(0)
    if len(seq) > k:
        return None
    return [v.number for v in seq] + [None] * (k - len(seq))
