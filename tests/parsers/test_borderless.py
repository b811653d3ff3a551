"""Borderless PDF tables with blank cells: values go under their header columns.

A blank cell in a table drawn without ruling lines leaves no mark on the
page; read in order, the values after it would slide one column left.  The
reader places each value by its x position under the header words instead.
One report of each template, with blanks in first, middle and last columns.
"""

from __future__ import annotations

import pytest

from parsers.document import Table
from parsers.pipeline import parse_document_bytes
from parsers.readers.columns import align
from tests.parsers.builders_pdf import build_reportlab_pdf
from tests.parsers.variants import changed, with_blanks

CASES = {"2019": "001_b6ebaffc46ffe707", "2021": "004_b6b282f6157a8fb9"}


@pytest.mark.parametrize("template", sorted(CASES))
def test_blank_cells_stay_in_their_columns(template, seeds):
    seed = with_blanks(seeds[CASES[template]])
    report = parse_document_bytes(build_reportlab_pdf(seed), "blank.pdf")
    assert report["template"] == template
    assert changed(seed.expected, report["cells"]) == {}


def test_only_the_review_block_blank(seeds):
    """Seed 002's shape: the five 行政复议 cells blank, ten zeros after them."""
    keys = [f"review.{p}" for p in ("upheld", "corrected", "other", "pending", "total")]
    seed = with_blanks(seeds["001_b6ebaffc46ffe707"], keys)
    report = parse_document_bytes(build_reportlab_pdf(seed), "review.pdf")
    assert changed(seed.expected, report["cells"]) == {}


def test_align_places_cells_by_x():
    table = Table(
        rows=[["信息内容", "甲", "乙", "丙"], ["规章", "5"], ["规范性文件", "7", "9"]],
        xs=[
            [(0, 40), (100, 120), (200, 220), (300, 320)],
            [(0, 20), (200, 206)],
            [(0, 50), (100, 106), (300, 306)],
        ],
    )
    grid, unplaced = align(table)
    assert unplaced == 0
    assert grid.rows == [
        ["信息内容", "甲", "乙", "丙"],
        ["规章", "", "5", ""],
        ["规范性文件", "7", "", "9"],
    ]


def test_align_refuses_two_values_under_one_column():
    table = Table(
        rows=[["信息内容", "甲", "乙"], ["规章", "5", "6"]],
        xs=[[(0, 40), (100, 120), (200, 220)], [(0, 20), (100, 106), (104, 110)]],
    )
    grid, unplaced = align(table)
    assert unplaced == 1
    assert grid.rows[1] == ["规章", "5", "6"]


def test_misread_value_does_not_widen_the_label_zone():
    """OCR read 61 as 人1: the other values still go under their own columns."""
    table = Table(
        rows=[["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"], ["行政许可", "22306"]]
        + [["其他对外管理服务事项", "人1", "1", "2475"]],
        xs=[
            [(298, 385), (909, 1062), (1298, 1392), (1686, 1818)],
            [(298, 384), (1686, 1736)],
            [(298, 518), (908, 927), (1298, 1306), (1686, 1726)],
        ],
    )
    grid, _ = align(table)
    assert grid.rows[1] == ["行政许可", "", "", "22306"]
    assert grid.rows[2] == ["其他对外管理服务事项", "人1", "1", "2475"]
