"""Text PDFs from two generators: ruled (LibreOffice) and borderless (reportlab)."""

from __future__ import annotations

import io
import re

import pytest

from parsers import ParseError
from parsers.readers import read_document
from tests.parsers.checks import mismatches
from tests.parsers.conftest import needs_tesseract, seed_ids


@pytest.mark.parametrize("name", seed_ids())
def test_libreoffice_pdf(name, seeds, lo_pdfs):
    doc = read_document(lo_pdfs[name])
    assert doc.source_format == "pdf"
    assert mismatches(doc, seeds[name]) == []


@pytest.mark.parametrize("name", seed_ids())
def test_reportlab_pdf_without_ruling_lines(name, seeds, rl_pdfs):
    doc = read_document(rl_pdfs[name])
    assert mismatches(doc, seeds[name], lenient=True) == []


def test_table_broken_by_pages_is_one_table(lo_pdfs):
    doc = read_document(lo_pdfs["000_337b1c8ce611a09a"])
    pages = {t.page for t in doc.tables}
    assert len(doc.tables) == 3, [t.rows[0][:2] for t in doc.tables]
    assert len(pages) >= 2  # the requests table really starts on another page
    requests = doc.tables[1]
    labels = [r[1] for r in requests.rows]
    # the page break cut this row in two; its label is whole again
    assert "（二）部分公开（区分处理的，只计这一情形，不计其他情形）" in labels
    assert "3.补正后申请内容仍不明确" in [r[2] for r in requests.rows]


def test_wrapped_labels_join_without_spaces(lo_pdfs):
    doc = read_document(lo_pdfs["004_b6b282f6157a8fb9"])
    cells = [c for t in doc.tables for r in t.rows for c in r]
    assert "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请" in cells
    assert not any(re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", c) for c in cells)


def test_headings_and_prose_in_order(seeds, rl_pdfs):
    doc = read_document(rl_pdfs["002_ad81d718ff0c7975"])
    paragraphs = [b for b in doc.blocks if isinstance(b, str)]
    assert "二、主动公开政府信息情况" in paragraphs
    heading = doc.blocks.index("三、收到和处理政府信息公开申请情况")
    assert any(isinstance(b, type(doc.tables[0])) for b in doc.blocks[heading + 1 : heading + 4])
    # a paragraph wrapped over several lines comes back as one
    intro = seeds["002_ad81d718ff0c7975"].intro[0].replace(" ", "")
    assert intro in [p.replace(" ", "") for p in paragraphs]


def test_corrupt_pdf(lo_pdfs):
    data = next(iter(lo_pdfs.values()))
    broken = data[:200] + b"\0" * 2000 + data[-200:]
    with pytest.raises(ParseError, match="PDF"):
        read_document(broken)


@needs_tesseract
@pytest.mark.slow
def test_cid_page_goes_to_ocr(lo_pdfs):
    """A font without a Unicode map gives (cid:NNN); that page is read by OCR."""
    data = lo_pdfs["small"].replace(b"/ToUnicode", b"/ToUnicodX")
    doc = read_document(data)
    assert any("OCR" in w for w in doc.warnings)
    rows = [r for t in doc.tables for r in t.rows]
    assert ["行政处罚", "55", "-22", "33"] in rows or ["规章", "4", "4", "4"] in rows


def test_heading_broken_over_two_lines():
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("STSong-Light", 12)
    lines = ["一、总体情况", "本年度共主动公开政府信息一千余条，均按规定的时限发布到门户网站。"]
    lines += ["三、收到和处理政府信息公开", "申请情况", "本年度新收申请四件。"]
    for k, text in enumerate(lines):
        c.drawString(72, 760 - 16 * k, text)
    c.save()
    doc = read_document(buf.getvalue())
    assert "三、收到和处理政府信息公开申请情况" in doc.blocks
    assert "一、总体情况" in doc.blocks


def test_title_and_signature_date(lo_pdfs):
    doc = read_document(lo_pdfs["002_ad81d718ff0c7975"])
    assert doc.published == "2020-01-29"
    assert doc.title and "年度报告" in doc.title


def test_header_repeated_on_each_page_is_kept_once(lo_pdfs):
    doc = read_document(lo_pdfs["long"])
    assert len({t.page for t in doc.tables}) == 1 and len(doc.tables) == 1
    rows = doc.tables[0].rows
    assert rows[0] == ["信息内容", "本年数量", "累计数量"]
    assert [r[0] for r in rows].count("信息内容") == 1
    assert rows[1:] == [[f"事项{i}", str(i), str(i * 2)] for i in range(1, 121)]


def test_encrypted_pdf():
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt="secret")
    c.drawString(72, 720, "report")
    c.save()
    with pytest.raises(ParseError, match="encrypted PDF"):
        read_document(buf.getvalue())


def test_nearly_empty_page_is_not_sent_to_ocr():
    """A last page holding only a date has few characters but no image: not a scan."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("STSong-Light", 12)
    for i, line in enumerate(
        ["某县人民政府2020年政府信息公开工作年度报告", "二、主动公开政府信息情况"]
    ):
        c.drawString(60, 780 - 20 * i, line)
    for i, row in enumerate(["规章", "规范性文件"]):
        c.drawString(60, 700 - 20 * i, row)
        for j, v in enumerate(["1", "2", "3"]):
            c.drawString(200 + 80 * j, 700 - 20 * i, v)
    c.showPage()
    c.setFont("STSong-Light", 12)
    c.drawString(400, 700, "2021年1月")
    c.showPage()
    c.save()
    doc = read_document(buf.getvalue())
    assert doc.source_format == "pdf"
    assert not any("OCR" in w for w in doc.warnings), doc.warnings
    assert "2021年1月" in doc.text
