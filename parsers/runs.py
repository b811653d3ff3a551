"""Cells run together into one digit string, taken apart by the row's own sums.

Tables flattened by a publisher's or a mirror's export lose the separators
between cells: the row 217 | 1 | 0 | 0 | 0 | 0 | 218 arrives as
``21710000218``.  Such a string is never one value.  It is split only where
the arithmetic the template states for the row (six applicant columns sum
to 总计; four review parts sum to 总计) leaves exactly one way to cut it;
otherwise the row stays null.  Either way the caller flags the row.
"""

from __future__ import annotations

from functools import cache

from parsers.labels import Number, Value

#: a count this long is never one cell of these tables: it is cells run together
RUN_DIGITS = 7
MAX_DIGITS = 60


def sum_groups(k: int) -> list[tuple[int, int]]:
    """(first column, width) of every group whose last column totals the rest."""
    if k == 7:
        return [(0, 7)]
    if k % 5 == 0 and k <= 15:
        return [(i, 5) for i in range(0, k, 5)]
    return []


def unrun(
    values: list[Value], k: int, groups: list[tuple[int, int]] | None = None
) -> tuple[list[Number], bool] | None:
    """``None`` when the values are no run-together row; else ``(numbers, split)``:
    the ``k`` numbers of the unique split (``split`` True), or ``k`` nulls."""
    filled = [v for v in values if not v.blank]
    groups = sum_groups(k) if groups is None else groups
    if len(filled) == k and groups:
        # all columns there, but one holds a count no such cell reaches and
        # the row's sums fail: part of the row ran into it
        if any(len(v.digits) >= RUN_DIGITS for v in filled) and not _sums_hold(filled, groups):
            return [None] * k, False
        return None
    if len(filled) >= k or not filled:
        return None
    if not any(len(v.digits) > 1 for v in filled):
        return None
    tokens = [v.digits or None for v in filled]
    digits = sum(len(t) if t else 1 for t in tokens)
    long_run = any(len(v.digits) >= RUN_DIGITS for v in filled)
    if digits < k or not groups or digits > MAX_DIGITS or None in tokens:
        return ([None] * k, False) if long_run else None
    found = _splits(tuple(t for t in tokens if t), k, tuple(groups))
    if len(found) == 1:
        return [*found[0]], True
    if found or long_run:
        return [None] * k, False
    return None


def _sums_hold(values: list[Value], groups: list[tuple[int, int]]) -> bool:
    numbers = [v.number for v in values]
    for start, width in groups:
        parts, total = numbers[start : start + width - 1], numbers[start + width - 1]
        if total is None or any(p is None for p in parts):
            continue
        if abs(sum(p for p in parts if p is not None) - total) > 1e-6:
            return False
    return True


def _ok(piece: str) -> bool:
    return piece == "0" or not piece.startswith("0")


def _splits(
    tokens: tuple[str, ...], k: int, groups: tuple[tuple[int, int], ...]
) -> list[tuple[int, ...]]:
    """Every way (at most two are looked for) to cut the tokens into ``k``
    numbers that keep each group's sum; cuts only inside tokens."""
    totals = {start + width - 1: start for start, width in groups}
    out: list[tuple[int, ...]] = []

    @cache
    def count(t: int, pos: int, col: int, run: int) -> int:
        if t == len(tokens):
            return 1 if col == k else 0
        if col == k:
            return 0
        tok = tokens[t]
        n = 0
        for end in range(pos + 1, len(tok) + 1):
            piece = tok[pos:end]
            if not _ok(piece):
                break
            v = int(piece)
            nxt_t, nxt_pos = (t + 1, 0) if end == len(tok) else (t, end)
            if col in totals:
                if v != run:
                    continue
                n += count(nxt_t, nxt_pos, col + 1, 0)
            else:
                n += count(nxt_t, nxt_pos, col + 1, run + v)
            if n > 1:
                return n
        return n

    def build(t: int, pos: int, col: int, run: int, acc: tuple[int, ...]) -> None:
        if len(out) > 1:
            return
        if t == len(tokens):
            if col == k:
                out.append(acc)
            return
        if col == k:
            return
        tok = tokens[t]
        for end in range(pos + 1, len(tok) + 1):
            piece = tok[pos:end]
            if not _ok(piece):
                break
            v = int(piece)
            nxt_t, nxt_pos = (t + 1, 0) if end == len(tok) else (t, end)
            if col in totals and v != run:
                continue
            new_run = 0 if col in totals else run + v
            if count(nxt_t, nxt_pos, col + 1, new_run):
                build(nxt_t, nxt_pos, col + 1, new_run, (*acc, v))

    if count(0, 0, 0, 0):
        build(0, 0, 0, 0, ())
    return out
