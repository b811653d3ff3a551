"""Ruling lines in a scanned page: find them, erase them, use them as the grid.

Tesseract misreads table borders as 丨, | and [ and glues cells together;
with the lines erased it reads the cells cleanly.  The lines themselves
then give the table: bands between horizontal lines are rows, vertical
lines crossing a band split it into cells, so empty cells stay in their
columns and a wrapped label stays in its own cell.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from parsers.readers.layout import Word

DARK = 140


def _runs(mask: np.ndarray, length: int) -> np.ndarray:
    """Pixels that lie on a run of at least ``length`` dark pixels along axis 1."""
    padded = np.pad(mask.astype(np.int32), ((0, 0), (1, 0)))
    cs = np.cumsum(padded, axis=1, dtype=np.int32)
    full = (cs[:, length:] - cs[:, :-length]) == length  # run starting at i
    starts = np.pad(full.astype(np.int32), ((0, 0), (1, length - 1)))
    cover = np.pad(np.cumsum(starts, axis=1, dtype=np.int32), ((0, 0), (length - 1, 0)))
    width = mask.shape[1]
    covered: np.ndarray = (cover[:, length : length + width] - cover[:, :width]) > 0
    return covered


@dataclass
class Rules:
    horizontal: np.ndarray
    vertical: np.ndarray

    def found(self) -> bool:
        return bool(self.horizontal.any() and self.vertical.any())


def find_rules(gray: np.ndarray, dpi: int) -> Rules:
    dark = gray < DARK
    h_len = max(40, int(dpi * 0.35))
    v_len = max(30, int(dpi * 0.2))
    horizontal = _runs(dark, h_len)
    vertical = _runs(dark.T, v_len).T
    return Rules(horizontal, vertical)


def erase(gray: np.ndarray, rules: Rules) -> np.ndarray:
    out = gray.copy()
    mask = rules.horizontal | rules.vertical
    # widen by two pixels each way: the blurred edges of a scanned line are
    # read as strokes (a border next to 10 comes out as 110)
    for _ in range(2):
        mask[1:, :] |= mask[:-1, :]
        mask[:-1, :] |= mask[1:, :]
        mask[:, 1:] |= mask[:, :-1]
        mask[:, :-1] |= mask[:, 1:]
    out[mask] = 255
    return out


def _positions(flags: np.ndarray) -> list[int]:
    """Centres of runs of True in a 1-D array."""
    idx = np.flatnonzero(flags)
    if not idx.size:
        return []
    groups = np.split(idx, np.flatnonzero(np.diff(idx) > 2) + 1)
    return [int(g.mean()) for g in groups]


def grid_rows(
    rules: Rules, words: list[Word]
) -> tuple[list[tuple[int, int, list[list[str]]]], list[Word]]:
    """Tables as ``(top, bottom, rows)`` and the words that lie outside them."""
    width = rules.horizontal.shape[1]
    h_ys = _positions(rules.horizontal.sum(axis=1) > width * 0.05)
    bands = []
    for top, bottom in zip(h_ys, h_ys[1:], strict=False):
        if bottom - top < 8:
            continue
        mid = (top + bottom) // 2
        xs = _positions(rules.vertical[mid])
        if len(xs) >= 2:
            bands.append((top, bottom, xs))
    tables: list[tuple[int, int, list[list[str]]]] = []
    used: set[int] = set()
    current: list[list[str]] = []
    start = end = 0
    for top, bottom, xs in bands:
        if current and top - end > 6:
            tables.append((start, end, current))
            current = []
        if not current:
            start = top
        end = bottom
        cells: list[list[Word]] = [[] for _ in range(len(xs) - 1)]
        for i, w in enumerate(words):
            my, mx = (w.top + w.bottom) / 2, (w.x0 + w.x1) / 2
            if top <= my < bottom and xs[0] <= mx < xs[-1]:
                col = max(k for k in range(len(xs) - 1) if xs[k] <= mx)
                cells[col].append(w)
                used.add(i)
        current.append([_cell_text(ws) for ws in cells])
    if current:
        tables.append((start, end, current))
    rest = [w for i, w in enumerate(words) if i not in used]
    return tables, rest


def _cell_text(words: list[Word]) -> str:
    from parsers.readers.layout import group_lines

    if not words:
        return ""
    lines = group_lines(words, gap_factor=100)
    return "\n".join(" ".join(c.text for c in ln.cells) for ln in lines)
