"""Rebuild table rows from layouts that lost their table markup.

Editors paste Word tables into CMS pages in two broken ways: every cell
becomes its own ``<p>`` ("one cell per line"), or a whole row becomes one
line with the cells separated by runs of spaces.  Both keep the order of the
cells, so a row can be recovered as "the label, then its numbers".
"""

from __future__ import annotations

import re

from parsers.document import Table

NUMBER = re.compile(r"^[+\-－—]?\d+(?:[.,]\d+)*%?$|^[/／—\-－]$")
_HEADING = re.compile(r"^[一二三四五六七八九十]+、")
_ROW_LINE = re.compile(r"^(?P<label>\S.*?\S|\S)(?:(?:\s{2,}|\t|\u3000+)(?P<nums>.+))$")


def is_number(text: str) -> bool:
    return bool(NUMBER.match(text.strip().replace(" ", "")))


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
    return len(text) <= 60 and not _HEADING.match(text)


def recover_tables(blocks: list[str | Table], page: int | None = None) -> list[str | Table]:
    """Turn runs of row-lines or cell-lines among ``blocks`` into ``Table`` blocks."""
    out: list[str | Table] = []
    run: list[str] = []

    def flush() -> None:
        if not run:
            return
        table, rest = _table_from_run(run, page)
        if table is None:
            out.extend(run)
        else:
            out.append(table)
            out.extend(rest)
        run.clear()

    for block in blocks:
        if isinstance(block, str) and (_is_cell(block) or split_row_line(block)):
            run.append(block)
            continue
        flush()
        out.append(block)
    flush()
    return out


def _table_from_run(run: list[str], page: int | None) -> tuple[Table | None, list[str]]:
    """The table a run of short lines holds, and the lines after it that are not rows."""
    row_lines = [split_row_line(b) for b in run]
    if sum(r is not None for r in row_lines) >= 2:
        last = max(i for i, r in enumerate(row_lines) if r is not None)
        found = [r or [b] for r, b in zip(row_lines[: last + 1], run, strict=False)]
        return Table(rows=found, page=page), run[last + 1 :]
    numeric = sum(is_number(b) for b in run)
    if numeric < 6 or numeric < 0.3 * len(run):
        return None, []
    rows: list[list[str]] = []
    current: list[str] = []
    for cell in run:
        if not is_number(cell) and current and is_number(current[-1]):
            rows.append(current)
            current = []
        current.append(cell)
    if current:
        rows.append(current)
    return Table(rows=_split_label_runs(rows), page=page), []


def _split_label_runs(rows: list[list[str]]) -> list[list[str]]:
    """A row of several texts then numbers: the texts before the last are a header row."""
    out: list[list[str]] = []
    for row in rows:
        first_num = next((i for i, c in enumerate(row) if is_number(c)), None)
        if first_num is not None and first_num > 1:
            out.append(row[: first_num - 1])
            out.append(row[first_num - 1 :])
        else:
            out.append(row)
    return out
