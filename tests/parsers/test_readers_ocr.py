"""Scans: tesseract words rebuilt into table rows."""

from __future__ import annotations

import io

import pytest
from PIL import Image, ImageDraw

from parsers import ParseError
from parsers.readers import read_document
from tests.parsers.builders import render_scan
from tests.parsers.checks import mismatches
from tests.parsers.conftest import needs_tesseract

pytestmark = [needs_tesseract, pytest.mark.slow]

# the rows of seed 000 that lie on the scanned page (page 2 of its PDF)
ON_PAGE = [
    "规章",
    "规范性文件",
    "行政许可",
    "其他对外管理服务事项",
    "行政处罚",
    "行政强制",
    "行政事业性收费",
    "政府集中采购",
    "二、上年结转政府信息公开申请数量",
    "（一）予以公开",
]


def test_scan_rows(seeds, scan_png):
    name, png = scan_png
    doc = read_document(png)
    assert doc.source_format == "scan"
    assert doc.tables, "no table rebuilt from the scan"
    wrong = mismatches(doc, seeds[name], lenient=True, fuzzy=True)
    wrong_here = [w for w in wrong if w.split(":")[0] in ON_PAGE]
    # OCR is not perfect (a minus sign or a label may be misread), but most rows must be right
    assert len(wrong_here) <= 2, wrong_here


def test_scan_without_text():
    buf = io.BytesIO()
    Image.new("L", (600, 400), 255).save(buf, format="PNG")
    with pytest.raises(ParseError, match="OCR found no text"):
        read_document(buf.getvalue())


def test_scan_without_table():
    image = Image.new("L", (900, 200), 255)
    ImageDraw.Draw(image).text((20, 80), "Annual report text only", fill=0)
    buf = io.BytesIO()
    image.resize((1800, 400)).save(buf, format="PNG")
    with pytest.raises(ParseError, match="could not rebuild any table rows"):
        read_document(buf.getvalue())


def test_corrupt_image():
    buf = io.BytesIO()
    Image.new("L", (50, 50), 255).save(buf, format="PNG")
    data = buf.getvalue()
    broken = data[:30] + b"\x00" * 20 + data[50:]
    with pytest.raises(ParseError, match="image"):
        read_document(broken)


def test_scanned_pdf(lo_pdfs):
    """A PDF that is only page images (what a scanner writes) is read by OCR."""
    png = render_scan(lo_pdfs["small"], page=0)
    buf = io.BytesIO()
    Image.open(io.BytesIO(png)).save(buf, format="PDF", resolution=200)
    doc = read_document(buf.getvalue())
    assert doc.source_format == "scan"
    assert any("OCR" in w for w in doc.warnings)
    rows = [r for t in doc.tables for r in t.rows]
    assert ["规范性文件", "10", "10", "10"] in rows


def test_skewed_jpeg_scan(scan_png):
    """A page fed into the scanner at an angle and saved as JPEG is straightened first."""
    _, png = scan_png
    page = Image.open(io.BytesIO(png)).convert("L")
    skewed = page.rotate(1.5, resample=Image.Resampling.BICUBIC, fillcolor=255)
    buf = io.BytesIO()
    skewed.save(buf, format="JPEG", quality=75)
    rows = [r for t in read_document(buf.getvalue()).tables for r in t.rows]
    assert ["规范性文件", "10", "10", "10"] in rows
    assert ["行政许可", "69", "-20", "49"] in rows


@pytest.mark.parametrize("dpi", [150, 200])
def test_minus_sign_of_short_changes_survives_ocr(seeds, dpi):
    """Tesseract drops the bar of ``-4``; the reader finds it in the pixels."""
    import copy

    from tests.parsers.builders import Seed
    from tests.parsers.builders_pdf import build_reportlab_pdf

    seed = seeds["001_b6ebaffc46ffe707"]
    expected = copy.deepcopy(seed.expected)
    changes = {"licensing": -4, "other_services": -3, "penalty": -1, "coercion": -7, "fees": -2}
    for row, value in changes.items():
        expected["cells"][f"proactive.{row}.change"] = value
    small = Seed(seed.name, expected, seed.title, [], [])
    png = render_scan(build_reportlab_pdf(small), 0, dpi=dpi)
    doc = read_document(png)
    found = {
        row[0]: row[2]
        for table in doc.tables
        for row in (list(filter(None, r)) for r in table.rows)
        if len(row) >= 3
    }
    labels = {"licensing": "行政许可", "other_services": "其他对外管理服务事项"}
    labels |= {"penalty": "行政处罚", "coercion": "行政强制", "fees": "行政事业性收费"}
    assert {labels[k]: found.get(labels[k]) for k in changes} == {
        labels[k]: str(v) for k, v in changes.items()
    }
    # and no positive number gained a sign
    assert not [
        c
        for t in doc.tables
        for r in t.rows
        for c in r
        if c.startswith("-") and c not in {str(v) for v in changes.values()}
    ]
