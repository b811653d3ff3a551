"""A value the parser cannot put under a column is left null and flagged, never guessed."""

from __future__ import annotations

from parsers.document import Document, Table
from parsers.pipeline import parse_document
from parsers.readers import read_document

HEAD = ["二、主动公开政府信息情况"]
PROACTIVE = Table(
    rows=[
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", "1", "2", "3"],
        ["规范性文件", "4", "5", "6"],
        ["行政许可", "7", "8", "9"],
        ["行政处罚", "1", "0", "1"],
    ]
)


def _report(*blocks: str | Table) -> dict:
    doc = Document(
        blocks=["某县人民政府2020年政府信息公开工作年度报告", *HEAD, PROACTIVE, *blocks],
        text="某县人民政府2020年政府信息公开工作年度报告",
        source_format="t",
    )
    return parse_document(doc)


def _flag(report: dict, code: str) -> dict | None:
    return next((f for f in report["flags"] if f["code"] == code), None)


def test_row_with_too_many_values_is_null_and_flagged():
    row = ["一、本年新收政府信息公开申请数量", *[str(i) for i in range(1, 10)]]
    report = _report("三、收到和处理政府信息公开申请情况", Table(rows=[row]))
    assert report["cells"]["requests.new.natural_person"] is None
    flag = _flag(report, "unaligned_row")
    assert flag is not None
    assert "requests.new.total" in flag["cells"]


def test_review_row_that_fits_no_layout_is_flagged():
    values = [str(i) for i in range(12)]  # neither 15 nor 10 after a 行政诉讼 label
    report = _report("四、政府信息公开行政复议、行政诉讼情况", Table(rows=[values]))
    assert report["cells"]["review.upheld"] is None
    flag = _flag(report, "unaligned_row")
    assert flag is not None
    assert "review.upheld" in flag["cells"]
    assert "litigation_after_review.total" in flag["cells"]


def test_amount_in_yuan_is_converted_to_wanyuan_and_flagged(seeds):
    """2021 fees are 本年收费金额（万元）; a publisher wrote 251000元."""
    from tests.parsers.builders import build_html
    from tests.parsers.builders_variants import variant

    def in_yuan(tables):
        for _, b in tables:
            for row in b.rows:
                if row and row[0][0] == "行政事业性收费":
                    row[1] = ("251000元", *row[1][1:])
        return tables

    seed = variant(seeds["004_b6b282f6157a8fb9"], "yuan", in_yuan)
    report = parse_document(read_document(build_html(seed)))
    assert report["cells"]["proactive.fees.amount"] == 25.1
    flag = _flag(report, "unit_converted")
    assert flag is not None and flag["cells"] == ["proactive.fees.amount"]
