"""Checks across years: one organ's report against its report on the year before.

``parsers.checks`` tests a report against the arithmetic its own form states;
these rules need the previous year as well.  They take two plain ``report/1``
objects (no database), so the report page and the exports apply the same
rules.  The caller pairs the reports (same organ, consecutive years).

- ``carry_over_mismatch``: this year's 二、上年结转 must equal last year's
  四、结转下年度继续办理, column by column.
Both carry the year before's values in ``previous`` (beside ``code``,
``cells`` and ``message``), so a reader is shown both numbers.

- ``yoy_outlier`` (soft): a figure more than ``RATIO`` times, or less than a
  ``RATIO``-th of, the same figure the year before.  Soft because real
  figures do jump; it asks a reader to look, it does not say the report is
  wrong.
"""

from __future__ import annotations

from typing import Any

from parsers.templates import APPLICANT_COLS

Flag = dict[str, object]
RATIO = 5
#: below this, in both years, a jump is noise (1 → 6 requests) rather than news
MIN_FIGURE = 10
#: cells that are signed changes, not quantities: a ratio of them means nothing
_SIGNED = ("change",)


def _cells(report: dict[str, Any] | None) -> dict[str, Any]:
    return dict((report or {}).get("cells") or {})


def _consecutive(previous: dict[str, Any], current: dict[str, Any]) -> bool:
    a, b = previous.get("year"), current.get("year")
    return not (isinstance(a, int) and isinstance(b, int)) or b == a + 1


def carry_over_flag(previous: dict[str, Any], current: dict[str, Any]) -> Flag | None:
    """上年结转 (this year) against 结转下年度继续办理 (last year), in every applicant column."""
    if not _consecutive(previous, current):
        return None
    before, now = _cells(previous), _cells(current)
    wrong = []
    for col in APPLICANT_COLS:
        fwd, over = (
            before.get(f"requests.carried_forward.{col}"),
            now.get(f"requests.carried_over.{col}"),
        )
        if fwd is not None and over is not None and abs(fwd - over) > 1e-6:
            wrong.append((col, fwd, over))
    if not wrong:
        return None
    return {
        "code": "carry_over_mismatch",
        "cells": [f"requests.carried_over.{col}" for col, _, _ in wrong],
        "message": "carried over from last year ≠ last year's carried forward: "
        + ", ".join(f"{col} {over:g} vs {fwd:g}" for col, fwd, over in wrong),
        "previous": {f"requests.carried_over.{col}": fwd for col, fwd, _ in wrong},
    }


def outlier_flags(previous: dict[str, Any], current: dict[str, Any]) -> list[Flag]:
    """One soft flag per figure that grew more than RATIO-fold or fell below 1/RATIO."""
    if not _consecutive(previous, current):
        return []
    before, now = _cells(previous), _cells(current)
    flags: list[Flag] = []
    for cell, value in now.items():
        old = before.get(cell)
        if value is None or old is None or cell.rsplit(".", 1)[-1] in _SIGNED:
            continue
        if old < 0 or value < 0 or max(old, value) < MIN_FIGURE:
            continue
        # from nothing to at least MIN_FIGURE (or back) counts as a jump too
        if old == 0 or value == 0 or value > old * RATIO or value * RATIO < old:
            flags.append(
                {
                    "code": "yoy_outlier",
                    "cells": [cell],
                    "message": f"{cell} is {value:g}, the year before {old:g}",
                    "previous": old,
                }
            )
    return flags


def year_flags(previous: dict[str, Any] | None, current: dict[str, Any] | None) -> list[Flag]:
    """Every cross-year flag of ``current`` given ``previous`` (the same organ's year before)."""
    if not previous or not current:
        return []
    carry = carry_over_flag(previous, current)
    return ([carry] if carry else []) + outlier_flags(previous, current)
