"""DOCX: merged cells (gridSpan, vMerge), text boxes, broken files."""

from __future__ import annotations

import io

import pytest
from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.oxml import parse_xml

from parsers import ParseError
from parsers.readers import read_document
from tests.parsers.checks import mismatches, row_values
from tests.parsers.conftest import seed_ids

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
TEXT_BOX = f"""
<w:r xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml">
  <w:pict><v:shape style="width:400pt;height:100pt"><v:textbox><w:txbxContent>
    <w:p><w:r><w:t>二、主动公开政府信息情况</w:t></w:r></w:p>
    <w:tbl>
      <w:tr><w:tc><w:p><w:r><w:t>信息内容</w:t></w:r></w:p></w:tc>
        <w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr><w:p><w:r><w:t>数量</w:t></w:r></w:p></w:tc></w:tr>
      <w:tr><w:tc><w:p><w:r><w:t>规章</w:t></w:r></w:p></w:tc>
        <w:tc><w:p><w:r><w:t>4</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>5</w:t></w:r></w:p></w:tc></w:tr>
    </w:tbl><w:p/>
  </w:txbxContent></v:textbox></v:shape></w:pict>
</w:r>"""


def _save(doc: DocxDocument) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("name", seed_ids())
def test_seed_tables(name, seeds, docx_files):
    doc = read_document(docx_files[name])
    assert doc.source_format == "docx"
    assert mismatches(doc, seeds[name]) == []
    assert len(doc.tables) == 3
    assert "二、主动公开政府信息情况" in doc.blocks


def test_vertical_and_horizontal_merges(docx_files):
    requests = read_document(docx_files["004_b6b282f6157a8fb9"]).tables[1]
    first = requests.rows[0]
    assert first[:3] == [first[0]] * 3 and "勾稽关系" in first[0]
    assert requests.rows[1][:3] == first[:3]  # vMerge continues the 3-row header cell
    assert {(1, 0), (0, 1), (0, 2)} <= requests.spans
    other = [r for r in requests.rows if r[1] == "（六）其他处理"]
    assert len(other) == 3 and other[2][2] == "3.其他"


def test_table_in_text_box():
    doc = new_docx()
    doc.add_paragraph("一、总体情况")
    anchor = doc.add_paragraph("见下表：")
    anchor._p.append(parse_xml(TEXT_BOX))
    doc.add_paragraph("三、收到和处理政府信息公开申请情况")
    read = read_document(_save(doc))
    assert row_values(read, "规章") == ["4", "5"]
    assert read.tables[0].rows[0] == ["信息内容", "数量", "数量"]
    order = [b if isinstance(b, str) else "TABLE" for b in read.blocks]
    assert order == [
        "一、总体情况",
        "见下表：",
        "二、主动公开政府信息情况",
        "TABLE",
        "三、收到和处理政府信息公开申请情况",
    ]


def test_wrapped_cell_lines_join_without_space():
    doc = new_docx()
    table = doc.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "四、结转下年度"
    table.cell(0, 0).add_paragraph("继续办理")
    table.cell(0, 1).text = "3"
    assert read_document(_save(doc)).tables[0].rows == [["四、结转下年度继续办理", "3"]]


def test_corrupt_docx(docx_files):
    data = bytearray(next(iter(docx_files.values())))
    start = data.find(b"word/document.xml")
    data[start : start + 17] = b"word/documenX.xml"
    with pytest.raises(ParseError, match="DOCX"):
        read_document(bytes(data))


def test_title_from_text_over_two_lines():
    doc = new_docx()
    doc.core_properties.title = "Microsoft Word - 文档1"
    doc.add_paragraph("某某区人民政府办公室")
    doc.add_paragraph("2021年政府信息公开工作年度报告")
    doc.add_paragraph("正文。")
    doc.add_paragraph("2022年1月25日")
    read = read_document(_save(doc))
    assert read.title == "某某区人民政府办公室2021年政府信息公开工作年度报告"
    assert read.published == "2022-01-25"


def test_rows_in_content_controls():
    doc = new_docx()
    table = doc.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "规章", "4"
    table.cell(1, 0).text, table.cell(1, 1).text = "规范性文件", "10"
    tr = table.rows[1]._tr
    sdt = parse_xml(f'<w:sdt xmlns:w="{W_NS}"><w:sdtContent/></w:sdt>')
    tr.addprevious(sdt)
    sdt[0].append(tr)
    assert read_document(_save(doc)).tables[0].rows == [["规章", "4"], ["规范性文件", "10"]]


def test_row_typed_with_tabs():
    doc = new_docx()
    doc.add_paragraph("信息内容\t本年新制作数量\t本年新公开数量")
    doc.add_paragraph("规章\t4\t3")
    doc.add_paragraph("规范性文件\t10\t9")
    read = read_document(_save(doc))
    assert row_values(read, "规章") == ["4", "3"]
    assert row_values(read, "规范性文件") == ["10", "9"]
