"""Rebuild table rows from layouts that lost their table markup.

Editors paste Word tables into CMS pages in two broken ways: every cell
becomes its own ``<p>`` ("one cell per line"), or a whole row becomes one
line with the cells separated by runs of spaces.  Both keep the order of the
cells, so a row can be recovered as "the label, then its numbers".
"""

from __future__ import annotations

import re
import unicodedata

from parsers.document import Table

NUMBER = re.compile(r"^[+\-－—]?\d+(?:[.,]\d+)*%?$|^[/／—\-－]$")
_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_ROW_LINE = re.compile(r"^(?P<label>\S.*?\S|\S)(?:(?:\s{2,}|\t|\u3000+)(?P<nums>.+))$")


def is_number(text: str) -> bool:
    """A value cell: digits (full-width too: ２１９６．２４), a sign, a null mark."""
    t = text.strip().replace(" ", "")
    if not t.isascii():
        t = unicodedata.normalize("NFKC", t)
    return bool(NUMBER.match(t))


def split_row_line(line: str) -> list[str] | None:
    """``规章    4    4    4`` → ``["规章", "4", "4", "4"]``; None if not such a row."""
    m = _ROW_LINE.match(line.strip())
    if not m:
        return None
    nums = m.group("nums").split()
    if len(nums) < 2 or not all(is_number(n) for n in nums):
        return None
    return [m.group("label").strip(), *nums]


def _is_cell(text: str) -> bool:
    return len(" ".join(text.split())) <= 60 and not _HEADING.match(text)


def _width(ch: str) -> int:
    return 2 if unicodedata.east_asian_width(ch) in "WF" else 1


def spaced_cells(line: str) -> tuple[list[str], list[tuple[float, float]]]:
    """Cells of a line padded into columns with spaces, and the character
    columns each covers (a Chinese character is two columns wide)."""
    cells: list[str] = []
    xs: list[tuple[float, float]] = []
    col = 0
    for m in re.finditer(r"(?P<gap>\s{2,}|\u3000+)|(?P<cell>(?:\S|\s(?!\s))+)", line):
        text = m.group(0)
        width = sum(_width(ch) for ch in text)
        if m.group("cell") and text.strip():
            cells.append(text.strip())
            xs.append((col, col + width))
        col += width
    return cells, xs


def recover_tables(blocks: list[str | Table], page: int | None = None) -> list[str | Table]:
    """Turn runs of row-lines or cell-lines among ``blocks`` into ``Table`` blocks.

    An empty string among the blocks is an empty paragraph: inside a run of
    cells it is a blank cell (it keeps the values after it in their
    columns; a spacer after the table only adds blanks past the last
    column, which the extractor trims); anywhere else it is dropped.  A line numbered like a heading
    (一、本年新收…) followed by a number is a row label, not a heading.
    """
    out: list[str | Table] = []
    run: list[str] = []

    def flush() -> None:
        if not any(run):
            return
        table, rest = _table_from_run(run, page)
        if table is None:
            out.extend(b for b in run if b)
        else:
            out.append(table)
            out.extend(b for b in rest if b)
        run.clear()

    for k, block in enumerate(blocks):
        if isinstance(block, str) and not block:
            if run:
                run.append(block)
            continue
        if isinstance(block, str) and (
            _is_cell(block) or split_row_line(block) or _row_label(block, blocks[k + 1 :])
        ):
            run.append(block)
            continue
        flush()
        out.append(block)
    flush()
    return out


def _row_label(block: str, after: list[str | Table]) -> bool:
    if len(block) > 60 or not _HEADING.match(block):
        return False
    following = [b for b in after[:6] if not isinstance(b, str) or b][:2]
    return any(isinstance(b, str) and is_number(b) for b in following)


def _valueish(cell: str) -> bool:
    return not cell or is_number(cell)


def _table_from_run(run: list[str], page: int | None) -> tuple[Table | None, list[str]]:
    """The table a run of short lines holds, and the lines after it that are not rows."""
    row_lines = [split_row_line(b) if b else None for b in run]
    if sum(r is not None for r in row_lines) >= 2:
        last = max(i for i, r in enumerate(row_lines) if r is not None)
        found = [r or [b] for r, b in zip(row_lines[: last + 1], run, strict=False) if b or r]
        if any("   " in b for b in run[: last + 1]):  # padded into columns: keep positions
            laid = [spaced_cells(b) for b in run[: last + 1] if b]
            cells, xs = [c for c, _ in laid], [x for _, x in laid]
            return Table(rows=cells, page=page, xs=xs), run[last + 1 :]
        return Table(rows=found, page=page), run[last + 1 :]
    numeric = sum(is_number(b) for b in run)
    valueish = sum(_valueish(b) for b in run)  # blank cells are values too
    if numeric < 4 or valueish < 6 or valueish < 0.3 * len(run):
        return None, []
    rows: list[list[str]] = []
    current: list[str] = []
    for cell in run:
        if not _valueish(cell) and current and _valueish(current[-1]):
            rows.append(current)
            current = []
        if cell or current:  # a blank before any label is spacing
            current.append(cell)
    if current:
        rows.append(current)
    return Table(rows=_split_label_runs(rows), page=page), []


def _split_label_runs(rows: list[list[str]]) -> list[list[str]]:
    """A row of several texts then values: the texts before the last are a header row."""
    out: list[list[str]] = []
    for row in rows:
        texts = [i for i, c in enumerate(row) if not _valueish(c)]
        if len(texts) > 1 and texts[-1] < len(row) - 1:
            out.append([c for c in row[: texts[-1]] if c])
            out.append(row[texts[-1] :])
        else:
            out.append(row)
    return out
