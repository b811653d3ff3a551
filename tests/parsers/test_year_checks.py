"""Checks across years on plain report/1 objects: carry-over and year-on-year outliers."""

from __future__ import annotations

from typing import Any

from parsers.templates import cell_ids
from parsers.year_checks import carry_over_flag, outlier_flags, year_flags


def report(year: int, **cells: Any) -> dict[str, Any]:
    values: dict[str, Any] = dict.fromkeys(cell_ids("2019"), 0)
    values.update({k.replace("__", "."): v for k, v in cells.items()})
    return {"schema": "report/1", "year": year, "template": "2019", "cells": values}


def test_carry_over_must_equal_last_years_carried_forward() -> None:
    before = report(2019, requests__carried_forward__natural_person=3)
    before["cells"]["requests.carried_forward.total"] = 3
    same = report(2020, requests__carried_over__natural_person=3)
    same["cells"]["requests.carried_over.total"] = 3
    assert carry_over_flag(before, same) is None
    wrong = report(2020, requests__carried_over__natural_person=5)
    wrong["cells"]["requests.carried_over.total"] = 5
    flag = carry_over_flag(before, wrong)
    assert flag is not None and flag["code"] == "carry_over_mismatch"
    assert flag["cells"] == ["requests.carried_over.natural_person", "requests.carried_over.total"]
    assert flag["previous"] == {
        "requests.carried_over.natural_person": 3,
        "requests.carried_over.total": 3,
    }
    # not consecutive years: nothing to compare; a lost cell is no mismatch either
    assert carry_over_flag(report(2017), wrong) is None
    wrong["cells"]["requests.carried_over.natural_person"] = None
    assert carry_over_flag(before, wrong)["cells"] == ["requests.carried_over.total"]


def test_outliers_are_soft_and_ignore_small_numbers_and_signed_changes() -> None:
    before = report(2019, requests__new__total=20, proactive__licensing__decisions=1000)
    before["cells"].update({"requests.granted.total": 2, "proactive.licensing.change": 10})
    now = report(2020, requests__new__total=101, proactive__licensing__decisions=199)
    now["cells"].update({"requests.granted.total": 9, "proactive.licensing.change": -80})
    flags = outlier_flags(before, now)
    assert {f["cells"][0] for f in flags} == {
        "requests.new.total",  # 20 → 101: more than fivefold
        "proactive.licensing.decisions",  # 1000 → 199: below a fifth
    }
    assert all(f["code"] == "yoy_outlier" for f in flags)
    assert next(f for f in flags if "new" in f["cells"][0])["previous"] == 20
    # exactly fivefold is not more than fivefold
    now["cells"]["requests.new.total"] = 100
    assert "requests.new.total" not in {f["cells"][0] for f in outlier_flags(before, now)}


def test_year_flags_needs_both_reports() -> None:
    assert year_flags(None, report(2020)) == []
    assert year_flags(report(2019), None) == []
    assert year_flags(report(2019), report(2020)) == []
