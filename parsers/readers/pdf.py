"""Text PDFs through pdfplumber; pages without usable text go to OCR.

Ruled tables come from pdfplumber's line finder (``pdf_tables``); text
outside them is grouped into lines and, where lines fall apart into cells,
into tables without ruling lines (``layout``).  A table at the foot of a
page and one at the head of the next, with the same left and right edges,
are one table broken by the page.  Pages whose text is ``(cid:NNN)``
(fonts without a Unicode map) or that hold no text at all (scans) are
rendered and read by tesseract instead.
"""

from __future__ import annotations

import io
import re

import pdfplumber
from pdfminer.pdfparser import PDFSyntaxError

from parsers.document import Document, Table
from parsers.errors import ParseError
from parsers.readers.layout import Word, blocks_from_lines, group_lines
from parsers.readers.pdf_tables import Part, join, part_from_table, to_table

_CID = re.compile(r"\(cid:\d+\)")
_MAX_PAGES = 200
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def read(data: bytes) -> Document:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = pdf.pages
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise ParseError(f"corrupt PDF ({exc.__class__.__name__}: {exc})") from None
    except Exception as exc:  # noqa: BLE001 - pdfminer raises plain Exception on encryption
        raise ParseError(f"unreadable PDF ({exc.__class__.__name__}: {exc})") from None
    if not pages:
        raise ParseError("PDF without pages")
    items: list[tuple[int, str | Part | Table]] = []
    warnings: list[str] = []
    ocr_pages: list[int] = []
    with pdf:
        for n, page in enumerate(pages[:_MAX_PAGES]):
            page_items = _read_page(page, n)
            if page_items is None:
                ocr_pages.append(n)
                page_items = _ocr_page(data, n)
            items.extend((n, item) for item in page_items)
    if ocr_pages:
        warnings.append(f"pages read by OCR: {', '.join(str(n + 1) for n in ocr_pages)}")
    if len(pages) > _MAX_PAGES:
        warnings.append(f"only the first {_MAX_PAGES} pages were read")
    blocks = _assemble(items, pages_seen=len(pages))
    text = "\n".join(b for b in blocks if isinstance(b, str))
    meta = {k.lower(): str(v) for k, v in (pdf.metadata or {}).items() if isinstance(v, str)}
    return Document(
        blocks=blocks,
        text=text,
        source_format="pdf" if len(ocr_pages) < len(pages) else "scan",
        title=meta.get("title") or None,
        meta=meta,
        warnings=warnings,
    )


def _needs_ocr(page) -> bool:  # noqa: ANN001
    chars = page.chars
    if len(chars) < 20:
        return True
    cid = sum(1 for c in chars if c["text"].startswith("(cid:"))
    return cid > 0.2 * len(chars)


def _read_page(page, n: int) -> list[str | Part | Table] | None:  # noqa: ANN001
    """Blocks of one page in reading order; None when the page must be OCRed."""
    if _needs_ocr(page):
        return None
    found = page.find_tables(_TABLE_SETTINGS)
    parts = [part_from_table(t, n) for t in found if len(t.rows) >= 2]
    boxes = [(p.top, p.bottom, t.bbox[0], t.bbox[2]) for p, t in zip(parts, found, strict=False)]
    words = [
        Word(w["x0"], w["x1"], w["top"], w["bottom"], _CID.sub("", w["text"]))
        for w in page.extract_words(x_tolerance=1.5, y_tolerance=2)
        if not _inside(w, boxes)
    ]
    lines = [ln for ln in group_lines([w for w in words if w.text.strip()]) if ln.cells]
    right = max((ln.x1 for ln in lines), default=page.width)
    placed: list[tuple[float, str | Part | Table]] = [(p.top, p) for p in parts]
    pending: list = []
    for ln in lines:
        pending.append(ln)
    # prose and borderless tables between the ruled tables, in order
    cuts = sorted(p.top for p in parts)
    groups: list[list] = [[] for _ in range(len(cuts) + 1)]
    for ln in pending:
        groups[sum(ln.top > c for c in cuts)].append(ln)
    for group in groups:
        if group:
            for k, block in enumerate(blocks_from_lines(group, n, right)):
                placed.append((group[0].top + k * 1e-3, block))
    placed.sort(key=lambda x: x[0])
    return [b for _, b in placed]


def _inside(w: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    mx, my = (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2
    return any(t <= my <= b and x0 <= mx <= x1 for t, b, x0, x1 in boxes)


def _ocr_page(data: bytes, n: int) -> list[str | Part | Table]:
    from parsers.readers import ocr

    return list(ocr.read_pdf_page(data, n))


def _assemble(items: list[tuple[int, str | Part | Table]], pages_seen: int) -> list[str | Table]:
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
            prev.rows.extend(item.rows)  # a borderless table broken by the page
            continue
        out.append(item)
    return out
