"""Text PDFs: PDFium's characters and lines, pdfplumber's table finder; else OCR.

Characters and ruling lines come from pypdfium2 (``pdf_objects``; five
times faster than pdfminer) and go to pdfplumber's ``TableFinder``, so ruled
tables are found as pdfplumber finds them (``pdf_tables`` expands merged
cells).  Text outside them is grouped into lines and, where lines fall
apart into cells, into tables without ruling lines (``layout``).  A table
at the foot of a page and one at the head of the next, with the same left
edge, are one table broken by the page.  Pages without text (scans) or
whose characters have no Unicode mapping (``(cid:NNN)`` in pdfminer) are
rendered and read by tesseract instead.
"""

from __future__ import annotations

from typing import Any

import pypdfium2 as pdfium
from pdfplumber.table import TableFinder
from pdfplumber.utils.text import extract_words

from parsers.document import Document, Table
from parsers.errors import ParseError
from parsers.limits import cpu_share, current
from parsers.readers import docmeta
from parsers.readers.columns import align_all
from parsers.readers.layout import Line, Word, blocks_from_lines, group_lines
from parsers.readers.pdf_objects import PageObjects, open_pdf, read_page
from parsers.readers.pdf_tables import Part, join, part_from_table, to_table
from parsers.readers.pdf_vertical import vertical_runs

_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def read(data: bytes) -> Document:
    pdf = open_pdf(data)
    n_pages = len(pdf)
    if not n_pages:
        raise ParseError("PDF without pages")
    items: list[tuple[int, str | Part | Table]] = []
    warnings: list[str] = []
    ocr_pages: list[int] = []
    limits, skipped = current(), 0
    try:
        for n in range(min(n_pages, limits.pages)):
            if cpu_share() > 0.6:  # a long document keeps the pages read so far
                warnings.append(f"only the first {n} pages were read within the CPU limit")
                break
            try:
                objects = read_page(pdf, n)
                page_items = _read_page(objects)
            except pdfium.PdfiumError as exc:
                raise ParseError(f"corrupt PDF page {n + 1} ({exc})") from None
            if page_items is None and not (objects.chars or objects.images or objects.edges):
                page_items = []  # a blank page: nothing for OCR to find
            if page_items is None and len(ocr_pages) >= limits.ocr_pages:
                skipped, page_items = skipped + 1, []
            if page_items is None:
                ocr_pages.append(n)
                page_items = _ocr_page(data, n)
            items.extend((n, item) for item in page_items)
        meta = {k.lower(): v for k, v in pdf.get_metadata_dict(skip_empty=True).items()}
    finally:
        pdf.close()
    if skipped:
        warnings.append(f"{skipped} more scanned pages not read (OCR limit {limits.ocr_pages})")
    if ocr_pages:
        warnings.append(f"pages read by OCR: {', '.join(str(n + 1) for n in ocr_pages)}")
    if n_pages > limits.pages:
        warnings.append(f"only the first {limits.pages} pages were read")
    blocks = align_all(_assemble(items), warnings)
    text = "\n".join(b for b in blocks if isinstance(b, str))
    doc = Document(
        blocks=blocks,
        text=text,
        source_format="pdf" if len(ocr_pages) < n_pages else "scan",
        title=meta.get("title") or None,
        meta=meta,
        warnings=warnings,
    )
    return docmeta.fill(doc)


def _needs_ocr(page: PageObjects) -> bool:
    """No text layer (a scan), or text without a Unicode map.

    pdfminer shows such text as ``(cid:NNN)``; PDFium hands back the raw
    character codes, which come out as runs of ASCII punctuation and
    control characters with hardly any Chinese among them.
    """
    chars = [c["text"] for c in page.chars]
    if len(chars) < 20:
        # a page with an image and hardly any text is a scan; without an image
        # it is a nearly empty page (the end of a table, a signature)
        return page.images > 0 or not chars
    unmapped = sum(1 for c in chars if c == "\ufffd" or "\ue000" <= c <= "\uf8ff")
    cjk = sum(1 for c in chars if "\u3400" <= c <= "\u9fff")
    odd = sum(1 for c in chars if not c.isalnum() and (c < "\u0080" or c in "\ufffd"))
    if unmapped > 0.2 * len(chars):
        return True
    return cjk < 0.1 * len(chars) and odd > 0.3 * len(chars)


def _read_page(page: PageObjects) -> list[str | Part | Table] | None:
    """Blocks of one page in reading order; None when the page must be OCRed."""
    if _needs_ocr(page):
        return None
    n = page.number
    found = TableFinder(page, _TABLE_SETTINGS).tables  # type: ignore[arg-type]
    found = [t for t in found if len(t.rows) >= 2]
    runs = vertical_runs(page.chars)
    parts = [part_from_table(t, n, page.chars, runs) for t in found]
    boxes = [(t.bbox[1], t.bbox[3], t.bbox[0], t.bbox[2]) for t in found]
    words = [
        Word(w["x0"], w["x1"], w["top"], w["bottom"], w["text"])
        for w in extract_words(page.chars, x_tolerance=1.5, y_tolerance=2)
        if not _inside(w, boxes)
    ]
    lines = [ln for ln in group_lines(words) if ln.cells]
    right = max((ln.x1 for ln in lines), default=page.width)
    placed: list[tuple[float, str | Part | Table]] = [(p.top, p) for p in parts]
    # prose and borderless tables between the ruled tables, in order
    cuts = sorted(p.top for p in parts)
    groups: list[list[Line]] = [[] for _ in range(len(cuts) + 1)]
    for ln in lines:
        groups[sum(ln.top > c for c in cuts)].append(ln)
    for group in groups:
        if group:
            for k, block in enumerate(blocks_from_lines(group, n, right)):
                placed.append((group[0].top + k * 1e-3, block))
    placed.sort(key=lambda x: x[0])
    return [b for _, b in placed]


def _inside(w: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    mx, my = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
    return any(t <= my <= b and x0 <= mx <= x1 for t, b, x0, x1 in boxes)


def _ocr_page(data: bytes, n: int) -> list[str | Part | Table]:
    from parsers.readers import ocr

    return list(ocr.read_pdf_page(data, n))


def _assemble(items: list[tuple[int, str | Part | Table]]) -> list[str | Table]:
    """Join table parts split by a page break; turn parts into tables."""
    out: list[str | Table] = []
    last_part: Part | None = None  # the previous item, when it is a ruled table
    for i, (page, item) in enumerate(items):
        if isinstance(item, Part):
            prev_page = items[i - 1][0] if i else None
            if (
                last_part is not None
                and prev_page == page - 1
                and abs(last_part.cells[0].x0 - item.cells[0].x0) < 3
            ):
                last_part = join(last_part, item)
                out[-1] = to_table(last_part)
                continue
            last_part = item
            out.append(to_table(item))
            continue
        last_part = None
        prev = out[-1] if out else None
        if (
            isinstance(item, Table)
            and isinstance(prev, Table)
            and i
            and items[i - 1][0] == page - 1
            and not item.spans
            and not prev.spans
        ):
            # a borderless table broken by the page
            if prev.xs is not None and item.xs is not None:
                prev.xs.extend(item.xs)
            else:
                prev.xs = None
            prev.rows.extend(item.rows)
            continue
        out.append(item)
    return out
