"""HTML pages: DOM tables with merged cells, encodings, metadata, broken layouts."""

from __future__ import annotations

import pytest

from parsers.readers import read_document
from tests.parsers.builders import build_html
from tests.parsers.checks import mismatches, row_values
from tests.parsers.conftest import seed_ids


@pytest.mark.parametrize("name", seed_ids())
def test_seed_tables(name, seeds, html_files):
    doc = read_document(html_files[name])
    assert doc.source_format == "html"
    assert mismatches(doc, seeds[name]) == []
    assert len(doc.tables) == 3


@pytest.mark.parametrize("encoding", ["gbk", "gb2312", "gb18030"])
@pytest.mark.parametrize("declare", [True, False])
def test_gb_encodings(seeds, encoding, declare):
    seed = seeds["002_ad81d718ff0c7975"]
    doc = read_document(build_html(seed, encoding=encoding, declare=declare))
    assert mismatches(doc, seed) == []
    assert "南山区" in doc.text


def test_merged_header_is_repeated_and_marked(seeds, html_files):
    name = "000_337b1c8ce611a09a"
    requests = read_document(html_files[name]).tables[1]
    assert requests.rows[0][:3] == [requests.rows[0][0]] * 3
    assert requests.rows[0][3:] == ["申请人情况"] * 7
    assert (0, 1) in requests.spans and (0, 0) not in requests.spans
    granted = next(i for i, r in enumerate(requests.rows) if "（一）予以公开" in r)
    assert requests.rows[granted][0] == "三、本年度办理结果"
    assert requests.rows[granted + 1][0] == "三、本年度办理结果"
    assert (granted + 1, 0) in requests.spans


def test_meta_and_chrome(seeds, html_files):
    seed = seeds["001_b6ebaffc46ffe707"]
    doc = read_document(html_files[seed.name])
    assert doc.published == "2021-02-01"
    assert doc.title and "海林市" in doc.title
    paragraphs = [b for b in doc.blocks if isinstance(b, str)]
    assert not any("当前位置" in p or "版权所有" in p for p in paragraphs)
    assert "二、主动公开政府信息情况" in paragraphs


def test_date_from_page_text():
    page = """<html><head><meta charset="utf-8"><title>某区2021年政府信息公开工作年度报告_某区政府</title>
    </head><body><div class="info">发布时间：2022年1月28日 来源：区政府办</div>
    <h2>某区2021年政府信息公开工作年度报告</h2><p>正文。</p></body></html>"""
    doc = read_document(page.encode())
    assert doc.published == "2022-01-28"
    assert doc.title == "某区2021年政府信息公开工作年度报告"


def test_nested_layout_table():
    page = """<html><body><table width="100%"><tr><td>
      <table><tr><td>首页</td></tr></table>
      <p>二、主动公开政府信息情况</p>
      <table border="1"><tr><td>信息内容</td><td colspan="2">数量</td></tr>
      <tr><td>规章</td><td>4</td><td>5</td></tr></table>
    </td></tr></table></body></html>"""
    doc = read_document(page.encode())
    data = [t for t in doc.tables if any("规章" in r for r in t.rows)]
    assert data and data[0].rows == [["信息内容", "数量", "数量"], ["规章", "4", "5"]]
    assert "二、主动公开政府信息情况" in doc.blocks


def test_one_cell_per_paragraph():
    cells = ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"]
    cells += ["规章", "4", "4", "4", "规范性文件", "10", "9", "8"]
    page = "<html><body><p>二、主动公开政府信息情况</p>"
    page += (
        "".join(f"<p>{c}</p>" for c in cells)
        + "<p>三、收到和处理政府信息公开申请情况</p></body></html>"
    )
    doc = read_document(page.encode())
    assert row_values(doc, "规章") == ["4", "4", "4"]
    assert row_values(doc, "规范性文件") == ["10", "9", "8"]
    assert doc.blocks[0] == "二、主动公开政府信息情况"
    assert doc.blocks[-1] == "三、收到和处理政府信息公开申请情况"


def test_one_row_per_paragraph():
    page = """<html><body><p>信息内容&nbsp;&nbsp;本年新制作数量&nbsp;&nbsp;本年新公开数量</p>
    <p>规章&nbsp;&nbsp;&nbsp;4&nbsp;&nbsp;&nbsp;3</p><p>规范性文件&nbsp;&nbsp;&nbsp;10&nbsp;&nbsp;&nbsp;9</p>
    <p>以上为本年度情况，共计 14 件。</p></body></html>"""
    doc = read_document(page.encode())
    assert row_values(doc, "规章") == ["4", "3"]
    assert row_values(doc, "规范性文件") == ["10", "9"]
    assert doc.blocks[-1] == "以上为本年度情况，共计 14 件。"


def test_html_without_body_text_is_an_empty_document():
    doc = read_document(b"<html><body></body></html>")
    assert doc.tables == []


def test_rowspan_past_the_last_row_is_clamped():
    page = """<html><body><table><tr><td rowspan="500">规章</td><td>4</td></tr>
    <tr><td>5</td></tr></table></body></html>"""
    assert read_document(page.encode()).tables[0].rows == [["规章", "4"], ["规章", "5"]]


def test_one_cell_layout_table_is_a_container():
    page = """<html><body><table width="100%"><tr><td class="bt_content">
    <p>一、总体情况</p><p>本年度主动公开信息一千条。</p>
    <p>二、主动公开政府信息情况</p>
    </td></tr></table></body></html>"""
    doc = read_document(page.encode())
    assert doc.blocks == ["一、总体情况", "本年度主动公开信息一千条。", "二、主动公开政府信息情况"]


def test_long_note_row_keeps_a_data_table():
    note = "说明：" + "本表数据截至十二月三十一日。" * 40
    page = f"""<html><body><table><tr><td>信息内容</td><td>数量</td></tr>
    <tr><td>规章</td><td>4</td></tr><tr><td colspan="2">{note}</td></tr></table></body></html>"""
    assert row_values(read_document(page.encode()), "规章") == ["4"]


def test_tab_separated_rows_keep_blank_cells():
    """A Word table pasted as text: two tabs in a row are a blank cell."""
    from parsers.pipeline import parse_document

    page = (
        "<html><body><p>某县人民政府2020年政府信息公开工作年度报告</p>"
        "<p>二、主动公开政府信息情况</p>"
        "<p>信息内容\t本年新制作数量\t本年新公开数量\t对外公开总数量</p>"
        "<p>规章\t\t3\t7</p><p>规范性文件\t2\t\t9</p><p>行政许可\t1\t-2\t\t</p>"
        "<pre>行政处罚\t5\t\t8\n行政强制\t\t\t4</pre>"
        "<p>三、收到和处理政府信息公开申请情况</p></body></html>"
    )
    doc = read_document(page.encode())
    assert row_values(doc, "规章") == ["", "3", "7"]
    cells = parse_document(doc)["cells"]
    assert [cells[f"proactive.rules.{c}"] for c in ("made", "published", "total")] == [None, 3, 7]
    got = [cells[f"proactive.normative.{c}"] for c in ("made", "published", "total")]
    assert got == [2, None, 9]
    got = [cells[f"proactive.licensing.{c}"] for c in ("prev_items", "change", "decisions")]
    assert got == [1, -2, None]
    got = [cells[f"proactive.penalty.{c}"] for c in ("prev_items", "change", "decisions")]
    assert got == [5, None, 8]
    got = [cells[f"proactive.coercion.{c}"] for c in ("prev_items", "change", "decisions")]
    assert got == [None, None, 4]


def _padded(cells: list[str], widths: list[int]) -> str:
    """Cells padded with &nbsp; into columns of the given display widths."""
    out = ""
    for text, width in zip(cells, widths, strict=True):
        used = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
        out += text + "&nbsp;" * max(2, width - used)
    return out


def test_rows_padded_into_columns_keep_blank_cells():
    """Rows typed as text and padded with spaces into columns: a blank cell
    is only a wider gap, so values are placed by their character column."""
    from parsers.pipeline import parse_document

    widths = [24, 18, 18, 18]
    lines = [
        ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
        ["规章", "", "3", "7"],
        ["规范性文件", "2", "", "9"],
        ["行政许可", "1", "-2", ""],
        ["行政处罚", "5", "6", "8"],
    ]
    page = (
        "<html><body><p>某县人民政府2020年政府信息公开工作年度报告</p>"
        "<p>二、主动公开政府信息情况</p>"
        + "".join(f"<p>{_padded(cells, widths)}</p>" for cells in lines)
        + "<p>三、收到和处理政府信息公开申请情况</p></body></html>"
    )
    cells = parse_document(read_document(page.encode()))["cells"]
    got = {
        key: [cells[f"proactive.{key}.{c}"] for c in cols]
        for key, cols in (
            ("rules", ("made", "published", "total")),
            ("normative", ("made", "published", "total")),
            ("licensing", ("prev_items", "change", "decisions")),
            ("penalty", ("prev_items", "change", "decisions")),
        )
    }
    assert got == {
        "rules": [None, 3, 7],
        "normative": [2, None, 9],
        "licensing": [1, -2, None],
        "penalty": [5, 6, 8],
    }
