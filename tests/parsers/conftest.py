"""Fixture files built once per test session (LibreOffice and tesseract are slow)."""

from __future__ import annotations

import shutil

import pytest

from tests.parsers.builders import (
    Seed,
    build_docx,
    build_html,
    libreoffice_convert,
    load_seeds,
    render_scan,
)
from tests.parsers.builders_pdf import build_reportlab_pdf

# the layout tests' shared cell check lives there: its asserts explain a failure as a test's own
pytest.register_assert_rewrite("tests.parsers.layouts")

HAVE_LO = bool(shutil.which("soffice") or shutil.which("libreoffice"))
HAVE_TESSERACT = bool(shutil.which("tesseract"))
needs_lo = pytest.mark.skipif(not HAVE_LO, reason="LibreOffice (soffice) is not installed")
needs_tesseract = pytest.mark.skipif(not HAVE_TESSERACT, reason="tesseract is not installed")


def seed_ids() -> list[str]:
    return [s.name for s in load_seeds()]


@pytest.fixture(scope="session")
def seeds() -> dict[str, Seed]:
    return {s.name: s for s in load_seeds()}


@pytest.fixture(scope="session")
def html_files(seeds: dict[str, Seed]) -> dict[str, bytes]:
    return {name: build_html(s) for name, s in seeds.items()}


@pytest.fixture(scope="session")
def docx_files(seeds: dict[str, Seed]) -> dict[str, bytes]:
    return {name: build_docx(s) for name, s in seeds.items()}


@pytest.fixture(scope="session")
def small_docx(seeds: dict[str, Seed]) -> bytes:
    """One page: the first seed's proactive table only (for the OCR paths)."""
    seed = next(iter(seeds.values()))
    small = Seed(seed.name, seed.expected, seed.title, [], [])
    return build_docx(small, only_tables=1)


@pytest.fixture(scope="session")
def long_docx() -> bytes:
    """A three-page table whose header row Word repeats on every page."""
    import io

    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    doc = Document()
    doc.add_paragraph("二、主动公开政府信息情况")
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["信息内容", "本年数量", "累计数量"], strict=True):
        cell.text = text
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    table.rows[0]._tr.trPr[-1].set(qn("w:val"), "true")
    for i in range(1, 121):
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text = f"事项{i}", str(i), str(i * 2)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


@pytest.fixture(scope="session")
def lo_pdfs(docx_files: dict[str, bytes], small_docx: bytes, long_docx: bytes) -> dict[str, bytes]:
    """PDFs as LibreOffice writes them from the DOCX files, all in one conversion."""
    if not HAVE_LO:
        pytest.skip("LibreOffice (soffice) is not installed")
    files = {f"{n}.docx": d for n, d in docx_files.items()}
    files["small.docx"] = small_docx
    files["long.docx"] = long_docx
    out = libreoffice_convert(files, "pdf")
    return {name.removesuffix(".docx"): data for name, data in out.items()}


@pytest.fixture(scope="session")
def doc_file(docx_files: dict[str, bytes]) -> tuple[str, bytes]:
    """The first seed as a Word 97 .doc, written by LibreOffice."""
    if not HAVE_LO:
        pytest.skip("LibreOffice (soffice) is not installed")
    name = next(iter(docx_files))
    out = libreoffice_convert({f"{name}.docx": docx_files[name]}, "doc")
    return name, out[f"{name}.docx"]


@pytest.fixture(scope="session")
def rl_pdfs(seeds: dict[str, Seed]) -> dict[str, bytes]:
    return {name: build_reportlab_pdf(s) for name, s in seeds.items()}


@pytest.fixture(scope="session")
def scan_png(lo_pdfs: dict[str, bytes]) -> tuple[str, bytes]:
    """Page 2 of the first seed's PDF (its first tables) as a 200 dpi scan."""
    name = sorted(k for k in lo_pdfs if k[0].isdigit())[0]
    return name, render_scan(lo_pdfs[name], page=1)
