"""Characters and ruling lines of PDF pages, read with pypdfium2.

pdfminer (under pdfplumber) interprets content streams in Python and takes
about 30 ms a page; PDFium does it in C.  The characters and line segments
come from PDFium and are handed, as pdfplumber-style dicts, to pdfplumber's
own table finder, so tables are found exactly as pdfplumber finds them.
Characters PDFium generates itself (the spaces it puts between Chinese and
digits, line breaks) are dropped.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from parsers.errors import ParseError
from parsers.limits import current, too_complex, too_large

THIN = 2.5  # a path thinner than this (pt) is a line, not a box


@dataclass
class PageObjects:
    """What pdfplumber's ``TableFinder`` and ``Table.extract`` read from a page."""

    number: int
    width: float
    height: float
    chars: list[dict[str, Any]] = field(default_factory=list)
    edges: list[dict[str, Any]] = field(default_factory=list)
    images: int = 0  # image objects: a page of few characters is a scan only if it has one

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return (0, 0, self.width, self.height)


def open_pdf(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ParseError("encrypted PDF: it needs a password to open") from None
        raise ParseError(f"corrupt PDF ({exc})") from None


def read_page(pdf: pdfium.PdfDocument, n: int) -> PageObjects:
    page = pdf[n]
    width, height = page.get_size()
    _check_page(n, width, height, raw.FPDFPage_CountObjects(page.raw))
    out = PageObjects(n, width, height)
    text = page.get_textpage()
    tp = text.raw
    _check_page(n, width, height, raw.FPDFText_CountChars(tp))
    rect = raw.FS_RECTF()
    for i in range(raw.FPDFText_CountChars(tp)):
        if raw.FPDFText_IsGenerated(tp, i) == 1:
            continue
        code = raw.FPDFText_GetUnicode(tp, i)
        if code in (0, 0xFFFE, 0xFFFF) or code in (10, 13):
            ch = "\ufffd" if code in (0, 0xFFFE, 0xFFFF) else None
            if ch is None:
                continue
        else:
            ch = chr(code)
        if ch.isspace():
            continue
        # the loose box spans the font's ascent to descent and the glyph's
        # advance, like pdfminer's boxes; tight boxes put a comma on its own line
        raw.FPDFText_GetLooseCharBox(tp, i, ctypes.byref(rect))
        size = raw.FPDFText_GetFontSize(tp, i) or (rect.top - rect.bottom)
        y0, y1 = height - rect.top, height - rect.bottom
        # a character turned by 90° (a label set top to bottom by rotation)
        angle = raw.FPDFText_GetCharAngle(tp, i)
        upright = angle < 0.01 or angle > 6.27
        out.chars.append(
            {
                "text": ch,
                "x0": rect.left,
                "x1": rect.right,
                "top": y0,
                "bottom": y1,
                "doctop": y0,
                "upright": upright,
                "size": size,
                "object_type": "char",
            }
        )
    for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=3):
        x0, y0, x1, y1 = obj.get_bounds()
        _add_edges(out, x0, height - y1, x1, height - y0)
    out.images = sum(1 for _ in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=3))
    text.close()
    page.close()
    return out


def _check_page(n: int, width: float, height: float, objects: int) -> None:
    """A page 14400 pt square or of millions of objects is refused before it is read."""
    limits = current()
    if width * height > limits.page_area_pt2:
        raise too_large(
            f"page {n + 1} is {width:.0f} × {height:.0f} pt (limit {limits.page_area_pt2} pt²)"
        )
    if objects > limits.page_objects:
        raise too_complex(f"page {n + 1} holds {objects} objects (limit {limits.page_objects})")


def _edge(x0: float, top: float, x1: float, bottom: float, orientation: str) -> dict[str, Any]:
    return {
        "x0": x0,
        "x1": x1,
        "top": top,
        "bottom": bottom,
        "width": x1 - x0,
        "height": bottom - top,
        "orientation": orientation,
        "object_type": "line",
    }


def _add_edges(out: PageObjects, x0: float, top: float, x1: float, bottom: float) -> None:
    w, h = x1 - x0, bottom - top
    if w < THIN and h < THIN:
        return
    if h < THIN:
        mid = (top + bottom) / 2
        out.edges.append(_edge(x0, mid, x1, mid, "h"))
    elif w < THIN:
        mid = (x0 + x1) / 2
        out.edges.append(_edge(mid, top, mid, bottom, "v"))
    else:  # a box: its four sides, as pdfplumber treats rects
        out.edges += [
            _edge(x0, top, x1, top, "h"),
            _edge(x0, bottom, x1, bottom, "h"),
            _edge(x0, top, x0, bottom, "v"),
            _edge(x1, top, x1, bottom, "v"),
        ]
