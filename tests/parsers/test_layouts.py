"""The same report laid out the ways readers deliver it gives the same cells.

A grid with merged cells, one cell per line, PDF-like lines, a table of one
cell per row (some rows of two), a table split across pages or a row broken
by a page break, one big table without headings, an extra summary table in
part one: every layout of one set of values parses to those values, and the
template is read from the headings, not the year.  Rows and cells that
differ inside the tables are in ``test_layouts_cells``.
"""

from __future__ import annotations

import pytest

from parsers.document import Table
from parsers.pipeline import parse_document
from tests.parsers.layouts import (
    as_document,
    assert_cells,
    one_cell_per_line,
    pdf_lines,
    report_blocks,
    sample_values,
)


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_merged_cell_grid(template: str) -> None:
    vals = sample_values(template)
    report = parse_document(as_document(report_blocks(template, vals)))
    assert report["template"] == template
    assert_cells(report, vals)


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_one_cell_per_line(template: str) -> None:
    vals = sample_values(template)
    report = parse_document(as_document(one_cell_per_line(report_blocks(template, vals))))
    assert_cells(report, vals)


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_pdf_lines_with_spaces(template: str) -> None:
    vals = sample_values(template)
    report = parse_document(as_document(pdf_lines(report_blocks(template, vals))))
    assert_cells(report, vals)


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_one_cell_rows_in_a_table(template: str) -> None:
    """Like a DOCX whose table became one column (seed 003)."""
    vals = sample_values(template)
    cells = one_cell_per_line(report_blocks(template, vals))
    blocks = [c if c.startswith(("二、", "三、", "四、")) else c for c in cells]
    table = Table(rows=[["", c] for c in blocks[3:-4]])
    report = parse_document(as_document([*blocks[:3], table, *blocks[-4:]]))
    assert_cells(report, vals)


def test_table_split_across_pages() -> None:
    vals = sample_values("2019")
    blocks = report_blocks("2019", vals)
    table = blocks[6]
    first, second = Table(rows=table.rows[:12]), Table(rows=table.rows[12:])
    first.spans = {(r, c) for r, c in table.spans if r < 12}
    second.spans = {(r - 12, c) for r, c in table.spans if r >= 12}
    blocks[6:7] = [first, "第 3 页", second]
    assert_cells(parse_document(as_document(blocks)), vals)


def test_one_big_table_without_headings() -> None:
    vals = sample_values("2019")
    blocks = report_blocks("2019", vals)
    rows: list[list[str]] = []
    spans: set[tuple[int, int]] = set()
    for b in blocks:
        if isinstance(b, Table):
            spans |= {(r + len(rows), c) for r, c in b.spans}
            rows += b.rows
    big = Table(rows=[r + [""] * (15 - len(r)) for r in rows], spans=spans)
    report = parse_document(as_document([blocks[0], blocks[2], big]))
    assert_cells(report, vals)


def test_template_read_from_headings_not_year() -> None:
    """A report on 2021 that still uses the 2019 form is read as 2019, and back."""
    old_form = parse_document(as_document(report_blocks("2019", sample_values("2019"), 2021)))
    assert (old_form["year"], old_form["template"]) == (2021, "2019")
    new_form = parse_document(as_document(report_blocks("2021", sample_values("2021"), 2020)))
    assert (new_form["year"], new_form["template"]) == (2020, "2021")


def test_a_summary_table_in_part_one_does_not_win() -> None:
    vals = sample_values("2019")
    blocks = report_blocks("2019", vals)
    blocks.insert(2, Table(rows=[["事项", "数量", "同比", "合计"], ["行政许可", "7", "7", "7"]]))
    assert_cells(parse_document(as_document(blocks)), vals)


def test_row_broken_by_a_page_break() -> None:
    """The label stays on one page, the values go to the next."""
    vals = sample_values("2019")
    blocks = report_blocks("2019", vals)
    table = blocks[6]
    r = next(i for i, row in enumerate(table.rows) if "三安全" in row[2])
    label_part = table.rows[r][:3] + [""] * 7
    value_part = ["", "", ""] + table.rows[r][3:]
    first = Table(rows=[*table.rows[:r], label_part])
    second = Table(rows=[value_part, *table.rows[r + 1 :]])
    first.spans = {(i, c) for i, c in table.spans if i < r}
    second.spans = {(i - r, c) for i, c in table.spans if i > r}
    blocks[6:7] = [first, "— 3 —", second]
    assert_cells(parse_document(as_document(blocks)), vals)


def test_one_cell_table_with_some_two_cell_rows() -> None:
    vals = sample_values("2019")
    cells = one_cell_per_line(report_blocks("2019", vals))
    rows = [["", c] for c in cells[3:-4]]
    i = next(n for n, r in enumerate(rows) if r[1] == "行政许可")
    rows[i : i + 4] = [["行政许可", rows[i + 1][1], rows[i + 2][1], rows[i + 3][1]]]
    report = parse_document(as_document([*cells[:3], Table(rows=rows), *cells[-4:]]))
    assert_cells(report, vals)
