"""The printed forms: every cell of a template has exactly one place, and rows fill the width."""

from __future__ import annotations

import pytest

from parsers.form_tables import form_tables
from parsers.forms import cell_label, cell_name, codebook
from parsers.templates import cell_ids

WIDTHS = {"proactive": 4, "requests": 10, "review": 15}


def _occupied_widths(rows: tuple) -> list[int]:
    """Each row's width, counting the columns that rowspans from rows above still hold."""
    carried: list[int] = []  # remaining rows of each spanning cell, by its colspan
    widths = []
    for row in rows:
        held = sum(span for left, span in carried if left > 0)
        widths.append(held + sum(c.colspan for c in row))
        carried = [(left - 1, span) for left, span in carried if left > 1]
        carried += [(c.rowspan - 1, c.colspan) for c in row if c.rowspan > 1]
    return widths


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_every_cell_has_one_place_and_rows_fill_the_table(template: str) -> None:
    tables = form_tables(template)
    placed = [c.cell for t in tables for row in t.body for c in row if c.cell]
    assert sorted(placed) == sorted(cell_ids(template))
    assert len(placed) == len(set(placed))
    for table in tables:
        width = WIDTHS[table.key]
        assert set(_occupied_widths(table.head + table.body)) == {width}, table.key


def test_requests_table_merges_as_the_official_form() -> None:
    [_, requests, review] = form_tables("2021")
    first = requests.head[0][0]
    assert (first.rowspan, first.colspan) == (3, 3) and "勾稽关系" in first.text
    results = next(c for row in requests.body for c in row if c.text == "三、本年度办理结果")
    assert results.rowspan == 2 + 8 + 3 + 5 + 3 + 1  # 2021: 其他处理 has three rows
    assert [c.text for c in review.head[0]] == ["行政复议", "行政诉讼"]
    assert [c.colspan for c in review.head[0]] == [5, 10]
    [_, requests_2019, _] = form_tables("2019")
    results = next(c for row in requests_2019.body for c in row if c.text == "三、本年度办理结果")
    assert results.rowspan == 2 + 8 + 3 + 5 + 1 + 1


def test_labels_in_the_forms_words() -> None:
    assert cell_label("proactive.licensing.decisions") == "行政许可 · 处理决定数量"
    assert cell_label("proactive.licensing.decisions", "2021") == "行政许可 · 本年处理决定数量"
    assert cell_label("proactive.normative.issued") == "行政规范性文件 · 本年制发件数"
    assert cell_label("requests.withheld.4.natural_person") == (
        "（三）不予公开 4.保护第三方合法权益 · 自然人"
    )
    assert cell_label("review.corrected") == "行政复议 · 结果纠正"
    assert cell_label("litigation_after_review.total") == "行政诉讼（复议后起诉） · 总计"
    assert cell_label("something.else") == "something.else"
    amount = cell_name("proactive.fees.amount", "2021")
    assert (amount.table, amount.unit) == ("二、主动公开政府信息情况", "万元")


@pytest.mark.parametrize("template", ["2019", "2021"])
def test_codebook_names_every_cell(template: str) -> None:
    book = codebook(template)
    assert [c.cell for c in book] == cell_ids(template)
    assert all(c.table and c.row and c.column and c.unit for c in book)
    assert all(not c.row.startswith(("requests", "proactive")) for c in book)
