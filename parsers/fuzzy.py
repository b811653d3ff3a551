"""Row labels with a publisher's typo (``2.其他法律行政止公开``), placed with care.

The template patterns (``templates``) are exact on purpose: a loose pattern
would pull values into a wrong row.  A labelled row that matches none of
them is kept, with its values and the place it stood, and after the pass it
is compared with the official labels (``labels.OFFICIAL_LABELS``).  It is
placed only when every test agrees: one row is clearly the most alike
(``THRESHOLD``, and ``MARGIN`` ahead of any other row), that row is still
empty, its item number (``2.``, ``（七）``) is the label's, and it lies between
the rows read just before and just after it in the template's order.  The
caller flags every row placed so (``fuzzy_label``).
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.labels import OFFICIAL_LABELS, Value, item_number, norm, similarity
from parsers.templates import Row, cell_ids

THRESHOLD = 0.7
MARGIN = 0.12
#: the longest text taken for the label of a row no template names (longer: a sentence)
MAX_UNKNOWN_LABEL = 40


@dataclass
class Unknown:
    """A labelled row that no template pattern matched."""

    label: str
    values: list[tuple[int, Value]]
    index: int  # how many rows had been read before it (``Extractor.order``)


def looks_like_label(text: str) -> bool:
    t = norm(text)
    return 2 <= len(t) <= MAX_UNKNOWN_LABEL and any("\u4e00" <= c <= "\u9fff" for c in t)


def _rank(template: str) -> dict[str, int]:
    rank: dict[str, int] = {}
    for cell in cell_ids(template):
        rank.setdefault(cell.rsplit(".", 1)[0], len(rank))
    return rank


def place(
    unknowns: list[Unknown], order: list[str], rows: list[Row], filled: set[str], template: str
) -> list[tuple[Row, Unknown]]:
    """The unknown rows that one template row, and only one, fits."""
    rank = _rank(template)
    own = [r for r in rows if not r.foreign and r.key in OFFICIAL_LABELS and r.key in rank]
    out: list[tuple[Row, Unknown]] = []
    taken = set(filled)
    for u in unknowns:
        if not any(not v.blank for _, v in u.values):
            continue
        scored = sorted(
            ((similarity(u.label, OFFICIAL_LABELS[r.key]), r) for r in own), key=lambda x: -x[0]
        )
        (best, row), second = scored[0], scored[1][0] if len(scored) > 1 else 0.0
        if best < THRESHOLD or best - second < MARGIN or row.key in taken:
            continue
        number = item_number(u.label)
        if number is not None and number != item_number(OFFICIAL_LABELS[row.key]):
            continue
        before = [rank[k] for k in order[: u.index] if k in rank]
        after = [rank[k] for k in order[u.index :] if k in rank]
        if before and before[-1] >= rank[row.key]:
            continue
        if after and after[0] <= rank[row.key]:
            continue
        taken.add(row.key)
        out.append((row, u))
    return out
