"""A group label written top to bottom that shares a ruled cell with row labels.

The 三 table's group label 三、本年度办理结果 stands in one tall merged cell,
often top to bottom: one character per line, a vertical (Identity-V) font,
or a line turned by 90°.  Where the publisher's tool left out the rule on
its right, pdfplumber sees one tall cell holding the label *and* the row
labels beside it ((一)予以公开 … (七)总计), and its text interleaves them
line by line (``三、本年度办以理公结开果``): those rows lose their labels.

A *vertical run* is what tells them apart: characters that follow each other
in the content stream and stand one below the other (or are not upright),
not side by side as a line of text does.  A cell that holds a run and other
characters to its right is cut in two: the run becomes the label cell, and
the rest is split along the row edges of the table, one cell per row.
"""

from __future__ import annotations

import re
from typing import Any

Char = dict[str, Any]
MIN_RUN = 3
LINE_TOL = 3.0
#: a row label's item number: 一、 (一) 1. 1、
_ENUMERATED = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,2}、|[(（][一二三四五六七八九十]{1,2}[)）]|\d{1,2}[.．、])"
)


def _cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or ch in "、，（）()"


def _below(a: Char, b: Char) -> bool:
    size = max(float(a["size"]), 1.0)
    xa, xb = (a["x0"] + a["x1"]) / 2, (b["x0"] + b["x1"]) / 2
    if abs(xa - xb) > 0.4 * size or not (_cjk(a["text"]) and _cjk(b["text"])):
        return False
    step = float(b["top"] - a["top"])
    if not (a["upright"] and b["upright"]):
        return 0.5 * size <= abs(step) <= 1.6 * size  # a line turned by 90°
    return 0.5 * size <= step <= 6 * size  # stacked, or spread over a tall cell


def vertical_runs(chars: list[Char]) -> list[list[Char]]:
    """Runs of stream-consecutive characters stacked one below the other."""
    runs: list[list[Char]] = []
    run: list[Char] = []
    for c in chars:
        if run and _below(run[-1], c):
            run.append(c)
            continue
        if len(run) >= MIN_RUN:
            runs.append(run)
        run = [c]
    if len(run) >= MIN_RUN:
        runs.append(run)
    return runs


def _center(c: Char) -> tuple[float, float]:
    return (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2


def _inside(c: Char, x0: float, top: float, x1: float, bottom: float) -> bool:
    x, y = _center(c)
    return x0 <= x <= x1 and top <= y <= bottom


def text_of(chars: list[Char]) -> str:
    """Characters as lines of text (top to bottom, left to right)."""
    lines: list[list[Char]] = []
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if lines and abs(lines[-1][0]["top"] - c["top"]) <= LINE_TOL:
            lines[-1].append(c)
        else:
            lines.append([c])
    return "\n".join("".join(c["text"] for c in sorted(ln, key=lambda c: c["x0"])) for ln in lines)


def split_cell(
    box: tuple[float, float, float, float],
    rows: list[tuple[float, float]],
    chars: list[Char],
    runs: list[list[Char]],
) -> tuple[float, str, list[str]] | None:
    """``(cut x, run text, text per row)`` for a cell that holds a vertical run
    and row labels to its right, or (with no run text) for a tall cell whose
    rows hold two or more numbered row labels; None for any other cell.
    ``rows`` are the table's row bands that the cell covers."""
    x0, top, x1, bottom = box
    if len(rows) < 2:
        return None
    mine = [r for r in runs if all(_inside(c, x0, top, x1, bottom) for c in r)]
    if not mine:
        # no label here (the tall cell goes on from the page before): split
        # only a cell whose rows' texts are row labels, two or more of them
        inside = [c for c in chars if _inside(c, x0, top, x1, bottom)]
        per_row = [text_of([c for c in inside if t <= _center(c)[1] < b]) for t, b in rows]
        if sum(bool(_ENUMERATED.match(t)) for t in per_row) < 2:
            return None
        return x0, "", per_row
    cut = max(c["x1"] for r in mine for c in r)
    in_run = {id(c) for r in mine for c in r}
    rest = [c for c in chars if id(c) not in in_run and _inside(c, cut - 0.5, top, x1, bottom)]
    if not rest:
        return None
    label = "".join(c["text"] for r in mine for c in r)
    per_row = [text_of([c for c in rest if t <= _center(c)[1] < b]) for t, b in rows]
    return cut, label, per_row
