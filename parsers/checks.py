"""Flags: what a reader of a parsed report should know.

Each flag is ``{"code", "cells", "message"}``.  The arithmetic rules are the
ones the template itself states (勾稽关系); a rule is only checked when all
its cells hold values, because a lost cell is reported once, as
``missing_cells``, instead of as a string of false sums.

Besides the spec's four codes (``sum_mismatch``, ``missing_cells``,
``injected_text``, ``template_mismatch``) the parser raises: ``unaligned_row``,
``unit_converted``, ``reader_warnings``, ``template_unknown``, ``fuzzy_label``
(a label with a typo read by likeness), ``digits_split`` and
``digits_run_together`` (cells that arrived as one digit string).
"""

from __future__ import annotations

from parsers.labels import Number
from parsers.templates import APPLICANT_COLS, REVIEW_GROUPS, cell_ids, result_rows

Flag = dict[str, object]

_PARTS = APPLICANT_COLS[:-1]  # the six applicant columns, without total
_REQ_ROWS_ALL = ("new", "carried_over", "total", "carried_forward")


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


def _sum_rule(cells: dict[str, Number], total: str, parts: list[str], what: str) -> Flag | None:
    values = [cells.get(p) for p in parts]
    want = cells.get(total)
    if want is None or any(v is None for v in values):
        return None
    got = sum(v for v in values if v is not None)
    if _close(got, want):
        return None
    return {
        "code": "sum_mismatch",
        "cells": [total, *parts],
        "message": f"{total} is {want:g} but {what} sum to {got:g}",
    }


def sum_flags(cells: dict[str, Number], template: str) -> list[Flag]:
    """Every arithmetic rule of the template that the values break."""
    flags: list[Flag | None] = []
    req_rows = [r.removeprefix("requests.") for r in result_rows(template)]
    for row in [*_REQ_ROWS_ALL[:2], *req_rows, *_REQ_ROWS_ALL[2:]]:
        parts = [f"requests.{row}.{c}" for c in _PARTS]
        flags.append(_sum_rule(cells, f"requests.{row}.total", parts, "the six applicant columns"))
    for col in APPLICANT_COLS:
        parts = [f"{r}.{col}" for r in result_rows(template)]
        flags.append(
            _sum_rule(cells, f"requests.total.{col}", parts, "the result rows 三(一)…(六)")
        )
    for col in APPLICANT_COLS:
        # 一 + 二 = 三(七) + 四, checked as 一 + 二 − 四 = 三(七)
        new, old = cells.get(f"requests.new.{col}"), cells.get(f"requests.carried_over.{col}")
        tot, fwd = cells.get(f"requests.total.{col}"), cells.get(f"requests.carried_forward.{col}")
        if None in (new, old, tot, fwd):
            continue
        assert new is not None and old is not None and tot is not None and fwd is not None
        if not _close(new + old, tot + fwd):
            flags.append(
                {
                    "code": "sum_mismatch",
                    "cells": [
                        f"requests.new.{col}",
                        f"requests.carried_over.{col}",
                        f"requests.total.{col}",
                        f"requests.carried_forward.{col}",
                    ],
                    "message": f"一+二 ({new + old:g}) ≠ 三(七)+四 ({tot + fwd:g}) in column {col}",
                }
            )
    for group in REVIEW_GROUPS:
        parts = [f"{group}.{p}" for p in ("upheld", "corrected", "other", "pending")]
        flags.append(_sum_rule(cells, f"{group}.total", parts, "its four parts"))
    return [f for f in flags if f is not None]


def missing_flag(cells: dict[str, Number], template: str) -> Flag | None:
    """The template cells that the document does not hold (null)."""
    missing = [c for c in cell_ids(template) if cells.get(c) is None]
    if not missing:
        return None
    return {
        "code": "missing_cells",
        "cells": missing,
        "message": f"{len(missing)} of {len(cell_ids(template))} cells of template "
        f"{template} are not in the document",
    }


def template_flag(
    votes: dict[str, int], template: str | None, foreign: list[str] | None = None
) -> Flag | None:
    """Both templates' headings or row labels in one document: marker words
    of both, or a row of the other template holding values (a 2021 report
    on the 2019 form's single （六）其他处理 row).  The cells that such a row
    stands for stay null, and are named."""
    if template is None:
        return None
    foreign = foreign or []
    if foreign:
        # both templates' foreign rows are parts of 三(六) 其他处理
        stand_for = [c for c in cell_ids(template) if c.startswith("requests.other.")]
        return {
            "code": "template_mismatch",
            "cells": stand_for,
            "message": f"rows of the other template hold values ({', '.join(foreign)}); "
            f"read as {template}, their cells are left null",
        }
    if min(votes.values()) == 0:
        return None
    return {
        "code": "template_mismatch",
        "cells": [],
        "message": "the tables mix the two templates' headings or rows "
        f"(2019: {votes['2019']}, 2021: {votes['2021']}); read as {template}",
    }


def unaligned_flag(rows: list[str], template: str) -> Flag | None:
    """Rows whose label (or values) were found but whose values could not be
    put under columns for sure: left null rather than guessed, and named
    here cell by cell so a reader can look at the source."""
    if not rows:
        return None
    cells = [c for c in cell_ids(template) if c.rsplit(".", 1)[0] in rows]
    return {
        "code": "unaligned_row",
        "cells": cells,
        "message": "values found but not placed by column (left null): " + ", ".join(rows),
    }


def run_flags(runs: dict[str, bool], template: str) -> list[Flag]:
    """Rows whose cells arrived run together as one digit string (``21710000218``):
    ``digits_split`` where the row's sums allowed one split only, else
    ``digits_run_together`` (the row left null)."""
    flags: list[Flag] = []
    for code, split, what in (
        ("digits_split", True, "split where the row's own totals allow one split only"),
        ("digits_run_together", False, "could not be split for sure: left null"),
    ):
        rows = [k for k, v in runs.items() if v is split]
        if rows:
            cells = [c for c in cell_ids(template) if c.rsplit(".", 1)[0] in rows]
            flags.append(
                {
                    "code": code,
                    "cells": cells,
                    "message": f"cells run together ({what}): " + ", ".join(rows),
                }
            )
    return flags
