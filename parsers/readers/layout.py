"""Paragraphs and table rows from positioned words (PDF text, OCR word boxes).

PDFs without ruling lines and scans have no table structure, only words
with boxes.  A table row is a line whose words fall apart into cells
separated by wide gaps, with numbers among them; a line that sits right
under a row (closer than rows sit to each other) and holds no numbers is a
wrapped cell and is glued to the cell above it.  Other lines are prose: a
line that runs to the right margin continues into the next one, which also
puts headings broken over two lines back together.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

from parsers.document import Table
from parsers.readers.grid import clean_cell
from parsers.readers.lines import is_number

_SECTION = re.compile(
    r"^(第[一二三四五六七八九十]+条|[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)"
)
_PAGE_NO = re.compile(r"^[-—–\s]*(第\s*)?\d{1,3}(\s*页)?([/／共]\s*\d+\s*页?)?[-—–\s]*$")


@dataclass
class Word:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str


@dataclass
class Line:
    top: float
    bottom: float
    cells: list[Word]  # words merged into cells, left to right

    @property
    def x0(self) -> float:
        return self.cells[0].x0

    @property
    def x1(self) -> float:
        return self.cells[-1].x1

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]

    def has_number(self) -> bool:
        return any(is_number(t) for t in self.texts[1:]) or (
            len(self.cells) > 1 and is_number(self.texts[0])
        )


def _join(a: str, b: str) -> str:
    return clean_cell(f"{a}\n{b}")


def group_lines(words: list[Word], gap_factor: float = 0.9) -> list[Line]:
    """Cluster words into lines by their vertical middle, then split lines at wide gaps."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.top + w.bottom) / 2):
        mid = (w.top + w.bottom) / 2
        if lines:
            last = lines[-1]
            ref_top = median(x.top for x in last)
            ref_bottom = median(x.bottom for x in last)
            if ref_top - 1 <= mid <= ref_bottom + 1:
                last.append(w)
                continue
        lines.append([w])
    out = []
    for ws in lines:
        ws.sort(key=lambda w: w.x0)
        height = median(w.bottom - w.top for w in ws)
        cells = [Word(ws[0].x0, ws[0].x1, ws[0].top, ws[0].bottom, ws[0].text)]
        for w in ws[1:]:
            cur = cells[-1]
            if w.x0 - cur.x1 > gap_factor * height:
                cells.append(Word(w.x0, w.x1, w.top, w.bottom, w.text))
                continue
            sep = "" if _cjk_edge(cur.text, w.text) and w.x0 - cur.x1 < 0.6 * height else " "
            cur.text = clean_cell(cur.text + sep + w.text)
            cur.x1, cur.top = w.x1, min(cur.top, w.top)
            cur.bottom = max(cur.bottom, w.bottom)
        out.append(Line(min(w.top for w in ws), max(w.bottom for w in ws), cells))
    return out


def _cjk_edge(a: str, b: str) -> bool:
    return bool(a and b) and (ord(a[-1]) > 0x2E80 or ord(b[0]) > 0x2E80)


def _is_row(line: Line) -> bool:
    return len(line.cells) >= 2 and not _PAGE_NO.match(" ".join(line.texts))


def blocks_from_lines(lines: list[Line], page: int | None, right: float) -> list[str | Table]:
    """Runs of row-like lines become tables; the rest is joined into paragraphs."""
    out: list[str | Table] = []
    open_para = False  # the last paragraph ran to the margin and goes on
    prev: Line | None = None
    left = min((ln.x0 for ln in lines), default=0)
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and (_is_row(lines[j]) or (j > i and _in_table(lines[i:j], lines[j]))):
            j += 1
        run = lines[i:j]
        if any(ln.has_number() for ln in run) or _is_header(run, j == len(lines)):
            out.append(_table(run, page))
            open_para = False
            i = j
            continue
        for ln in run or [lines[i]]:
            text = clean_cell(" ".join(ln.texts))
            if not text or _PAGE_NO.match(text):
                continue
            last = out[-1] if out and isinstance(out[-1], str) else None
            wraps = open_para and not _SECTION.match(text) and ln.x0 < left + 1.5 * _h(ln)
            if last is not None and (wraps or _heading_goes_on(last, prev, text, ln)):
                out[-1] = _join(last, text)
            else:
                out.append(text)
            open_para = ln.x1 >= right - 1.5 * (ln.bottom - ln.top)
            prev = ln
        i = max(j, i + 1)
    return out


def _is_header(run: list[Line], at_end: bool) -> bool:
    """Header rows of a table whose numbers start on the next page: two or more
    lines of short cells at the foot of the page (kept as a table, so that the
    reader can join them to the rows and put the values under them)."""
    return (
        at_end
        and sum(len(ln.cells) >= 2 for ln in run) >= 2
        and all(len(c.text) <= 20 for ln in run for c in ln.cells)
    )


def _h(line: Line) -> float:
    return line.bottom - line.top


def _heading_goes_on(heading: str, prev: Line | None, text: str, line: Line) -> bool:
    """A numbered heading broken before its last words (centred or narrow columns)."""
    if prev is None or not _SECTION.match(heading) or len(heading) > 40:
        return False
    if heading[-1] in "。；;：:，,）)" or _SECTION.match(text) or len(text) > 12:
        return False
    height = prev.bottom - prev.top
    return 0 <= line.top - prev.bottom < 0.8 * height and text[-1] not in "。；;，,"


def _in_table(run: list[Line], line: Line) -> bool:
    """A line without cells inside a borderless table: a wrapped cell, or a
    row whose values are blank.  It sits no farther below the line above
    than the table's rows sit from each other; a heading after the table
    has paragraph spacing above it."""
    prev = run[-1]
    if _continues(prev, line):
        return True
    if not any(ln.has_number() for ln in run):
        return False
    gaps = [b.top - a.bottom for a, b in zip(run, run[1:], strict=False) if _is_row(b)]
    if not gaps:
        return False
    gap = line.top - prev.bottom
    return gap <= 1.2 * median(gaps) and gap <= 2 * (prev.bottom - prev.top)


def _continues(prev: Line, line: Line) -> bool:
    """A wrapped cell: no numbers, and closer to the line above than a row gap."""
    height = prev.bottom - prev.top
    return (
        not line.has_number()
        and not _SECTION.match(line.texts[0])
        and line.top - prev.bottom < 0.45 * height
        and len(line.cells) <= len(prev.cells)
    )


def _table(run: list[Line], page: int | None) -> Table:
    rows: list[list[Word]] = []
    for k, ln in enumerate(run):
        if not rows or not _continues(run[k - 1], ln):
            rows.append([Word(c.x0, c.x1, c.top, c.bottom, c.text) for c in ln.cells])
            continue
        for cell in ln.cells:
            target = max(rows[-1], key=lambda c: _overlap(c, cell))
            if _overlap(target, cell) > 0:
                target.text = _join(target.text, cell.text)
            else:
                rows[-1].append(cell)
                rows[-1].sort(key=lambda c: c.x0)
    return Table(
        rows=[[c.text for c in r] for r in rows],
        page=page,
        xs=[[(c.x0, c.x1) for c in r] for r in rows],
    )


def _overlap(a: Word, b: Word) -> float:
    return min(a.x1, b.x1) - max(a.x0, b.x0)
