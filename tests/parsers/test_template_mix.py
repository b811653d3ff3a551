"""A report on one template that carries a row of the other (a template mix).

2021 reports exist whose 三 table still has the 2019 form's single
（六）其他处理 row instead of 2021's three 其他处理 rows: its values belong to
no cell of the 2021 template, so they stay null and the mix is flagged.
"""

from __future__ import annotations

from parsers.document import Table
from parsers.pipeline import parse_document
from tests.parsers.layouts import RESULT, as_document, report_blocks, sample_values

OTHER_2021 = ("other.1", "other.2", "other.3")


def _with_2019_other_row(vals: dict) -> list:
    blocks = report_blocks("2021", vals, 2021, skip=OTHER_2021)
    table: Table = blocks[6]
    total = next(i for i, r in enumerate(table.rows) if r[1] == "（七）总计")
    row = [RESULT, "（六）其他处理", "（六）其他处理", "4", "0", "0", "0", "0", "1", "5"]
    table.rows.insert(total, row)
    table.spans = {(r + (r >= total), c) for r, c in table.spans} | {(total, 2)}
    return blocks


def test_2019_other_row_in_a_2021_report_is_a_template_mismatch() -> None:
    vals = sample_values("2021")
    report = parse_document(as_document(_with_2019_other_row(vals)))
    assert report["template"] == "2021"
    mix = [f for f in report["flags"] if f["code"] == "template_mismatch"]
    assert mix, report["flags"]
    assert "requests.other.3.total" in mix[0]["cells"]
    cells = report["cells"]
    # the single row's values go nowhere: not into 3.其他, not into 总计
    for key in OTHER_2021:
        assert all(cells[f"requests.{key}.{c}"] is None for c in ("natural_person", "total"))
    assert cells["requests.total.total"] == vals["requests.total.total"]
    assert cells["requests.not_processed.5.total"] == vals["requests.not_processed.5.total"]


def test_2021_other_rows_in_a_2019_report_are_not_not_processed() -> None:
    """2021's 1.申请人无正当理由逾期不补正… must not land in 2019's 4.无正当理由大量反复申请."""
    vals = sample_values("2019")
    blocks = report_blocks("2019", vals, 2020)
    table: Table = blocks[6]
    at = next(i for i, r in enumerate(table.rows) if r[1] == "（六）其他处理")
    label = "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    table.rows.insert(at, [RESULT, "（六）其他处理", label, *"7777777"])
    table.spans = {(r + (r >= at), c) for r, c in table.spans}
    report = parse_document(as_document(blocks))
    assert report["template"] == "2019"
    assert (
        report["cells"]["requests.not_processed.4.total"] == vals["requests.not_processed.4.total"]
    )
    assert any(f["code"] == "template_mismatch" for f in report["flags"])


def test_a_clean_2021_form_has_no_mismatch() -> None:
    report = parse_document(as_document(report_blocks("2021", sample_values("2021"), 2021)))
    assert not any(f["code"] == "template_mismatch" for f in report["flags"])
