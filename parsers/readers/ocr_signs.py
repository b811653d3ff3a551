"""Minus signs that tesseract dropped, put back from the pixels.

A ``-`` before a short number (``-4`` in 本年增/减) is a thin bar of a few
pixels; tesseract often reads the digits and drops the bar, and a change of
-4 becomes 4 without a trace in the text.  The bar is still on the page, so
for every unsigned number the strip just left of its box (and the start of
the box itself) is looked at: a separate piece of ink, low and wide like a
bar, in the middle band of the digits' height, followed by a gap and then
the digits, is a minus.  The test is a few numpy slices per number.
"""

from __future__ import annotations

import re

import numpy as np

from parsers.readers.layout import Word

_UNSIGNED = re.compile(r"^\d+(\.\d+)?$")
INK = 128


def _bar_before(ink: np.ndarray, w: Word, others: list[Word]) -> bool:
    h = max(1, int(w.bottom - w.top))
    top, bottom = int(w.top), int(w.bottom)
    left = int(w.x0 - 0.9 * h)
    for o in others:  # never reach into another word
        if o is not w and o.x1 <= w.x0 and min(o.bottom, w.bottom) > max(o.top, w.top):
            left = max(left, int(o.x1) + 1)
    right = int(min(w.x1, w.x0 + 0.8 * h))
    if right - left < 3 or left < 0 or bottom > ink.shape[0]:
        return False
    pad = h // 3  # a bar may sit a little above or below the digits' box middle
    window = ink[max(0, top - pad) : bottom + pad, left:right]
    cols = np.asarray(window.any(axis=0))  # (an array for any window: axis 0 of 2-D)
    if not cols.any():
        return False
    start = int(np.argmax(cols))
    end = start
    while end < len(cols) and cols[end]:
        end += 1
    piece = window[:, start:end]
    rows = np.flatnonzero(piece.any(axis=1))
    thick = rows[-1] - rows[0] + 1
    middle = (rows[0] + rows[-1]) / 2 - min(pad, top)  # relative to the digits' top
    after = cols[end:]
    return bool(
        end - start >= 0.25 * h
        and end - start <= 0.9 * h
        and thick <= max(2, 0.2 * h)
        and 0.25 * h <= middle <= 0.8 * h
        and after.size > 0
        and not after[0]  # a gap, then the digits
        and after.any()
    )


def restore_minus(gray: np.ndarray, words: list[Word]) -> None:
    """Prefix ``-`` to unsigned number words that have a bar just before them."""
    ink = gray < INK
    for w in words:
        if _UNSIGNED.match(w.text) and _bar_before(ink, w, words):
            w.text = "-" + w.text
