"""Label and value normalisation."""

from __future__ import annotations

import pytest

from parsers.labels import cn_year, norm, parse_value, split_label_numbers


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("0", 0),
        ("１２", 12),
        ("+5", 5),
        ("-20", -20),
        ("－3", -3),
        ("2196.24", 2196.24),
        ("2,196", 2196),
        ("251000元", 25.1),  # amounts are in 万元: 元 converted
        ("10000元", 1),
        ("12.5万元", 12.5),
        ("4 件", 4),
        ("3.00", 3),
    ],
)
def test_numbers(text: str, number: float) -> None:
    v = parse_value(text)
    assert v is not None and v.number == number and not v.blank


@pytest.mark.parametrize("text", ["", "  ", "&nbsp;", "\u00a0", "\u3000"])
def test_blank_cells_are_null_values(text: str) -> None:
    v = parse_value(text)
    assert v is not None and v.blank and v.number is None


@pytest.mark.parametrize("text", ["—", "/", "无", "-"])
def test_marks_hold_a_place_without_a_number(text: str) -> None:
    v = parse_value(text)
    assert v is not None and v.number is None and not v.blank


@pytest.mark.parametrize("text", ["规章", "1. 属于国家秘密", "（七）总计", "2020年"])
def test_labels_are_not_values(text: str) -> None:
    assert parse_value(text) is None


def test_norm_joins_broken_labels() -> None:
    assert norm("科研机 构") == "科研机构"
    assert norm("三安全一\n稳定") == "三安全一稳定"
    assert norm("（七）总　计") == "(七)总计"


def test_split_label_numbers() -> None:
    assert split_label_numbers("规章 0 0 0") == ("规章", ["0", "0", "0"])
    assert split_label_numbers("1. 属于国家秘密 0 1 0 0 0 0 1") == (
        "1. 属于国家秘密",
        ["0", "1", "0", "0", "0", "0", "1"],
    )
    assert split_label_numbers("0 0 0") == ("", ["0", "0", "0"])
    assert split_label_numbers("2020 年 1 月 29 日") is None
    assert split_label_numbers("规章") is None


def test_chinese_year() -> None:
    assert cn_year("二〇二〇") == 2020
    assert cn_year("二〇二") is None


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("5.属于三类内部事", "requests.withheld.5"),  # the rest wrapped onto the next page
        ("6.属于四类过程", "requests.withheld.6"),
        ("7.属于行政执法案", "requests.withheld.7"),
        ("2.申请人逾期未按收费通知要求", "requests.other.2"),
    ],
)
def test_labels_cut_short_still_match(label: str, key: str) -> None:
    from parsers.extract import Extractor

    ex = Extractor("2021")
    ex.section = "requests"
    row = ex.match(label)
    assert row is not None and row.key == key


@pytest.mark.parametrize(
    ("header", "col"), [("本年制作数量", 0), ("本年公开数量", 1), ("对外公开总数", 2)]
)
def test_other_wordings_of_2019_headers(header: str, col: int) -> None:
    from parsers.headings import column_for_header

    assert column_for_header(header, "2019") == ("proactive", col)
