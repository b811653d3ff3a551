"""Rows and cells that differ inside the tables still give the right cells, or null.

A row lost or its label garbled is null and moves nothing into its
neighbours; blank cells are null; other header wordings, label breaks and
stray blank cells; full-width, signed and unit-marked values; value cells
repeated or merged into one; and the review and litigation table (四) in
the ways portals lay it out.
"""

from __future__ import annotations

from parsers.document import Table
from parsers.pipeline import parse_document
from tests.parsers.layouts import (
    as_document,
    assert_cells,
    one_cell_per_line,
    report_blocks,
    requests_table,
    sample_values,
)
from tests.parsers.templates import APPLICANT_HEADS


def test_lost_row_is_null_and_neighbours_stay() -> None:
    vals = sample_values("2019")
    blocks = report_blocks("2019", vals)
    blocks[6] = requests_table("2019", vals, skip=("withheld.3",))
    report = parse_document(as_document(blocks))
    lost = {k for k in vals if k.startswith("requests.withheld.3.")}
    assert all(report["cells"][k] is None for k in lost)
    assert_cells(report, {k: v for k, v in vals.items() if k not in lost})
    missing = next(f for f in report["flags"] if f["code"] == "missing_cells")
    assert set(missing["cells"]) == lost


def test_lost_row_in_one_cell_per_line_is_null() -> None:
    vals = sample_values("2021")
    blocks = report_blocks("2021", vals)
    blocks[6] = requests_table("2021", vals, skip=("partial",))
    report = parse_document(as_document(one_cell_per_line(blocks)))
    lost = {k for k in vals if k.startswith("requests.partial.")}
    assert all(report["cells"][k] is None for k in lost)
    assert_cells(report, {k: v for k, v in vals.items() if k not in lost})


def test_blank_cells_are_null_in_a_grid() -> None:
    vals = sample_values("2019")
    blanked = dict(vals)
    for k in ("requests.new.research", "requests.total.total", "proactive.fees.change"):
        blanked[k] = None  # type: ignore[assignment]
    report = parse_document(as_document(report_blocks("2019", blanked)))
    assert_cells(report, blanked)


def test_review_row_with_blank_first_group() -> None:
    vals = sample_values("2019")
    for p in ("upheld", "corrected", "other", "pending", "total"):
        vals[f"review.{p}"] = None  # type: ignore[assignment]
    report = parse_document(as_document(report_blocks("2019", vals)))
    assert_cells(report, vals)


def test_header_wording_and_label_breaks() -> None:
    vals = sample_values("2019")
    blocks = report_blocks("2019", vals)
    table = blocks[6]
    table.rows[2][6] = "社会组织"
    table.rows[2][8] = "其他组织"
    table.rows[2][9] = "合 计"
    for row in table.rows:
        row[:] = [
            c.replace("三安全一稳定", "三安全一\n稳定").replace("国家秘密", "国家 秘密")
            for c in row
        ]
    assert_cells(parse_document(as_document(blocks)), vals)


def _with_review(rows: list[list[str]]) -> dict:
    vals = sample_values("2019")
    blocks = report_blocks("2019", vals)
    blocks[8] = Table(rows=rows)
    return parse_document(as_document(blocks))


REVIEW_VALUES = [str(v) for v in range(1, 16)]
REVIEW_WANT = {
    f"{g}.{p}": 5 * gi + pi + 1
    for gi, g in enumerate(("review", "litigation_direct", "litigation_after_review"))
    for pi, p in enumerate(("upheld", "corrected", "other", "pending", "total"))
}


def test_review_as_three_labelled_rows() -> None:
    heads = ["", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [heads]
    for i, label in enumerate(
        ["行政复议", "行政诉讼（未经复议直接起诉）", "行政诉讼（复议后起诉）"]
    ):
        rows.append([label, *REVIEW_VALUES[5 * i : 5 * i + 5]])
    assert_cells(_with_review(rows), REVIEW_WANT)


def test_review_as_two_rows_of_5_and_10() -> None:
    rows = [["行政复议", *REVIEW_VALUES[:5]], ["行政诉讼", *REVIEW_VALUES[5:]]]
    assert_cells(_with_review(rows), REVIEW_WANT)


def test_review_row_behind_a_label_cell() -> None:
    rows = [["行政复议"] * 5 + ["行政诉讼"] * 10, ["件数", *REVIEW_VALUES]]
    assert_cells(_with_review(rows), REVIEW_WANT)


def test_review_values_after_its_label_in_one_row() -> None:
    rows = [["行政复议", *REVIEW_VALUES]]
    assert_cells(_with_review(rows), REVIEW_WANT)


def test_ragged_rows_use_the_header_positions() -> None:
    """A grid whose rows carry stray blank cells: the header row of the same
    width places the values, so a blank value is null and nothing slides."""
    vals = sample_values("2019")
    table = requests_table("2019", vals)
    head = ["说明", "", *APPLICANT_HEADS, ""]
    rows = [head]
    for row in table.rows[3:]:
        label = next(c for c in reversed(row[:3]) if c)
        rows.append([label, "", *row[3:], ""])
    rows[1][4] = ""  # 一、本年新收 × 科研机构 left blank
    blocks = report_blocks("2019", vals)
    blocks[6] = Table(rows=rows)
    want = dict(vals, **{"requests.new.research": None})
    assert_cells(parse_document(as_document(blocks)), want)


def test_unknown_label_row_is_not_moved_into_a_neighbour() -> None:
    vals = sample_values("2019")
    blocks = report_blocks("2019", vals)
    table = blocks[6]
    for row in table.rows:
        if "部分公开" in row[1]:
            row[1] = row[2] = "（二）甲乙丙丁"  # label garbled beyond recognition
    report = parse_document(as_document(blocks))
    lost = {k for k in vals if k.startswith("requests.partial.")}
    assert all(report["cells"][k] is None for k in lost)
    assert_cells(report, {k: v for k, v in vals.items() if k not in lost})


def test_full_width_signed_and_unit_values() -> None:
    vals = sample_values("2019")
    blocks = report_blocks("2019", vals)
    rows = blocks[4].rows
    for row in rows:
        if row[0] == "行政许可":
            row[1:] = ["６９", "－20", "49件"]
        if row[0] == "其他对外管理服务事项":
            row[1:] = ["25", "+5", "&nbsp;"]
        if row[0] == "政府集中采购":
            row[1:3] = ["240", "2196.24"]
    want = {
        "proactive.licensing.prev_items": 69,
        "proactive.licensing.change": -20,
        "proactive.licensing.decisions": 49,
        "proactive.other_services.change": 5,
        "proactive.other_services.decisions": None,
        "proactive.procurement.amount": 2196.24,
    }
    assert_cells(parse_document(as_document(blocks)), want)


def test_merged_value_cells_repeated_without_span_marks() -> None:
    """A reader that repeats a merged value cell but does not mark the repeat:
    the header row (merged the same way) tells which column it is."""
    vals = sample_values("2021")
    blocks = report_blocks("2021", vals)
    rows = blocks[4].rows
    for row in rows:
        if row[1] and not row[2] and not row[3]:
            row[2] = row[3] = row[1]
    assert rows[-1] == ["行政事业性收费", "10", "10", "10"]
    assert_cells(parse_document(as_document(blocks)), vals)
    vals19 = sample_values("2019")
    blocks = report_blocks("2019", vals19)
    for row in blocks[4].rows:
        if row[2] and not row[3]:
            row[3] = row[2]
    assert_cells(parse_document(as_document(blocks)), vals19)


def test_values_merged_into_one_cell_and_unit_notes() -> None:
    vals = sample_values("2019")
    blocks = report_blocks("2019", vals)
    table = blocks[6]
    for row in table.rows[3:]:
        row[3:] = [" ".join(row[3:])] + [""] * 6
    for row in blocks[4].rows:
        if row[0] == "规章":
            row[1:] = [f"{v}（件）" for v in row[1:]]
    assert_cells(parse_document(as_document(blocks)), vals)
