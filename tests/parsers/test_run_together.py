"""Rows whose cells arrive run together as one digit string (``21710000218``).

Such a string is never one value: it is split where the row's own sums
(six applicant columns = 总计, four review parts = 总计) leave one split
only, and flagged; otherwise the row is null, and flagged.
"""

from __future__ import annotations

from parsers.document import Table
from parsers.pipeline import parse_document
from tests.parsers.layouts import as_document, pdf_lines, report_blocks, sample_values

COLS = ["natural_person", "commercial", "research", "social_welfare", "legal_services"]
COLS += ["other_org", "total"]


def _flag(report: dict, code: str) -> set[str]:
    return {c for f in report["flags"] if f["code"] == code for c in f["cells"]}


def _run_together(table: Table, label: str, text: str) -> None:
    """Put ``text`` in the row's first value cell and blank the rest (a flattened export)."""
    row = next(r for r in table.rows if label in r[1] or label in r[2])
    row[3:] = [text] + [""] * (len(row) - 4)


def _values(vals: dict, key: str, numbers: list[int]) -> None:
    for col, n in zip(COLS, numbers, strict=True):
        vals[f"requests.{key}.{col}"] = n


def test_unique_split_by_the_row_total() -> None:
    vals = sample_values("2021")
    _values(vals, "withheld.1", [217, 1, 0, 0, 0, 0, 218])
    blocks = report_blocks("2021", vals, 2021)
    _run_together(blocks[6], "属于国家秘密", "21710000218")
    report = parse_document(as_document(blocks))
    cells = report["cells"]
    assert [cells[f"requests.withheld.1.{c}"] for c in COLS] == [217, 1, 0, 0, 0, 0, 218]
    assert "requests.withheld.1.total" in _flag(report, "digits_split")
    # the neighbours keep their own values
    assert cells["requests.withheld.2.total"] == vals["requests.withheld.2.total"]


def test_ambiguous_run_is_null_and_flagged() -> None:
    vals = sample_values("2021")
    blocks = report_blocks("2021", vals, 2021)
    # 1 1 0 0 0 0 2 and 11 0 0 0 0 0 11 ... : "11000011" splits in more than one way
    _run_together(blocks[6], "重复申请", "110000112")
    report = parse_document(as_document(blocks))
    cells = report["cells"]
    assert all(cells[f"requests.not_processed.2.{c}"] is None for c in COLS)
    assert "requests.not_processed.2.total" in _flag(report, "digits_run_together")
    assert not any(v is not None and v > 10**6 for v in cells.values())


def test_run_in_pdf_text_lines_and_review_row() -> None:
    vals = sample_values("2019")
    _values(vals, "granted", [30, 2, 0, 0, 1, 0, 33])
    for g in ("review", "litigation_direct", "litigation_after_review"):
        parts = ("upheld", "corrected", "other", "pending", "total")
        for part, n in zip(parts, [1, 0, 0, 2, 3], strict=True):
            vals[f"{g}.{part}"] = n
    blocks = report_blocks("2019", vals, 2020)
    _run_together(blocks[6], "予以公开", "3020010" + "33")
    review: Table = blocks[8]
    review.rows[-1] = ["100231002310023"] + [""] * 14
    report = parse_document(as_document(pdf_lines(blocks)))
    cells = report["cells"]
    assert [cells[f"requests.granted.{c}"] for c in COLS] == [30, 2, 0, 0, 1, 0, 33]
    assert [cells[f"review.{p}"] for p in ("upheld", "pending", "total")] == [1, 2, 3]
    assert cells["litigation_after_review.total"] == 3
    assert {"requests.granted.total", "review.total"} <= _flag(report, "digits_split")


def test_long_run_without_sums_is_null() -> None:
    vals = sample_values("2019")
    blocks = report_blocks("2019", vals, 2020)
    table: Table = blocks[4]
    row = next(r for r in table.rows if r[0] == "行政许可")
    row[1:] = ["12345678", "", ""]
    report = parse_document(as_document(blocks))
    assert report["cells"]["proactive.licensing.prev_items"] is None
    assert "proactive.licensing.prev_items" in _flag(report, "digits_run_together")


def test_a_run_in_a_full_row_whose_sums_fail_is_null() -> None:
    """Every column holds something, but one cell holds the next cells too."""
    vals = sample_values("2021")
    blocks = report_blocks("2021", vals, 2021)
    row = next(r for r in blocks[6].rows if "第三方" in r[2])
    row[3:] = ["3100000", "0", "0", "0", "0", "0", "4"]
    report = parse_document(as_document(blocks))
    assert report["cells"]["requests.withheld.4.natural_person"] is None
    assert "requests.withheld.4.total" in _flag(report, "digits_run_together")


def test_a_large_count_whose_row_adds_up_is_kept() -> None:
    vals = sample_values("2021")
    _values(vals, "new", [1234567, 1, 0, 0, 0, 0, 1234568])
    report = parse_document(as_document(report_blocks("2021", vals, 2021)))
    assert report["cells"]["requests.new.natural_person"] == 1234567
    assert not _flag(report, "digits_run_together")
