"""Table 四 when 行政复议 / 行政诉讼 are headings above tables of their own.

OCR text and Markdown exports set the group names as headings, with a
table (or a line) of 5 or 10 values under each, instead of the official
two header rows above one row of 15 values.
"""

from __future__ import annotations

import pytest

from parsers import parse_bytes
from parsers.templates import REVIEW_GROUPS, REVIEW_PARTS
from tests.parsers.layouts import as_document, report_blocks, sample_values

HEADS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def _values(vals: dict, groups: list[str]) -> list[str]:
    return [str(vals[f"{g}.{p}"]) for g in groups for p in REVIEW_PARTS]


def _md(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def markdown_ten(vals: dict) -> list[str]:
    return [
        "行政复议",
        _md(HEADS),
        "| --- | --- | --- | --- | --- |",
        _md(_values(vals, ["review"])),
        "行政诉讼",
        _md(["未经复议直接起诉", "", "", "", "", "复议后起诉", "", "", "", ""]),
        _md(HEADS + HEADS),
        _md(_values(vals, ["litigation_direct", "litigation_after_review"])),
    ]


def markdown_three(vals: dict) -> list[str]:
    out = ["（一）行政复议", _md(HEADS), _md(_values(vals, ["review"])), "（二）行政诉讼"]
    for name, g in (
        ("1.未经复议直接起诉", "litigation_direct"),
        ("2.复议后起诉", "litigation_after_review"),
    ):
        out += [name, _md(HEADS), _md(_values(vals, [g]))]
    return out


def ocr_lines(vals: dict) -> list[str]:
    out = ["行政复议", " ".join(HEADS), " ".join(_values(vals, ["review"])), "行政诉讼"]
    out += ["未经复议直接起诉 复议后起诉", " ".join(HEADS + HEADS)]
    out.append(" ".join(_values(vals, ["litigation_direct", "litigation_after_review"])))
    return out


def ocr_one_per_line(vals: dict) -> list[str]:
    out = ["行政复议", *HEADS, *_values(vals, ["review"]), "行政诉讼"]
    for name, g in (
        ("未经复议直接起诉", "litigation_direct"),
        ("复议后起诉", "litigation_after_review"),
    ):
        out += [name, *HEADS, *_values(vals, [g])]
    return out


def _report_text(review_lines: list[str]) -> bytes:
    vals = sample_values("2021")
    blocks = report_blocks("2021", vals, 2021)
    text = as_document(blocks[:8]).text.split("\n")  # up to the heading of 四
    return "\n".join([*text, *review_lines, "五、存在的主要问题及改进情况", "无。"]).encode()


@pytest.mark.parametrize("shape", [markdown_ten, markdown_three, ocr_lines, ocr_one_per_line])
def test_review_groups_under_headings(shape) -> None:
    vals = sample_values("2021")
    report = parse_bytes(_report_text(shape(vals)), "report.txt")
    cells = report["cells"]
    got = {f"{g}.{p}": cells[f"{g}.{p}"] for g in REVIEW_GROUPS for p in REVIEW_PARTS}
    assert got == {k: vals[k] for k in got}
    assert cells["requests.carried_forward.total"] == vals["requests.carried_forward.total"]


def test_five_values_under_an_unclear_heading_stay_null() -> None:
    """行政诉讼 names two groups: five values under it belong to neither for sure."""
    vals = sample_values("2021")
    lines = ["行政复议", _md(HEADS), _md(_values(vals, ["review"])), "行政诉讼", _md(HEADS)]
    lines.append(_md(_values(vals, ["litigation_direct"])))
    report = parse_bytes(_report_text(lines), "report.txt")
    assert report["cells"]["review.total"] == vals["review.total"]
    assert report["cells"]["litigation_direct.total"] is None
    assert report["cells"]["litigation_after_review.total"] is None
