"""DOCX through python-docx, walking the body XML so nothing is skipped.

python-docx's ``doc.tables`` misses tables in text boxes and content
controls, and its ``cell.text`` hides how cells are merged, so the body is
walked element by element: paragraphs and tables in order, ``w:sdt``
content opened, text boxes (``w:txbxContent``) read where their anchor
stands.  Word stores a text box twice (``mc:Choice`` and ``mc:Fallback``);
only the first copy is read.  Merged cells: ``gridSpan`` repeats a cell to
the right, a ``vMerge`` continuation repeats the cell above.
"""

from __future__ import annotations

import io
import zipfile

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from lxml.etree import _Element

from parsers.document import Document, Table
from parsers.errors import ZIP_ERRORS, ParseError
from parsers.limits import check_cells, current, too_complex
from parsers.readers import docmeta
from parsers.readers.grid import clean_cell
from parsers.readers.lines import recover_tables
from parsers.readers.package import check_package

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_TEXT_TAGS = {W + "t": None, W + "tab": "\t", W + "br": "\n", W + "cr": "\n"}


def read(data: bytes) -> Document:
    try:
        check_package(zipfile.ZipFile(io.BytesIO(data)), "DOCX")
        doc = open_docx(io.BytesIO(data))
    except (PackageNotFoundError, KeyError, *ZIP_ERRORS) as exc:
        raise ParseError(f"corrupt DOCX ({exc.__class__.__name__}: {exc})") from None
    blocks: list[str | Table] = []
    _walk(doc.element.body, blocks)
    blocks = recover_tables(blocks)
    props = doc.core_properties
    published = props.created.date().isoformat() if props.created else None
    paragraphs = [b for b in blocks if isinstance(b, str)]
    out = Document(
        blocks=blocks,
        text="\n".join(paragraphs),
        source_format="docx",
        title=(props.title or None),
        published=None,
        meta={"created": published} if published else {},
    )
    return docmeta.fill(out)


def _walk(parent: _Element, blocks: list[str | Table]) -> None:
    for el in parent:
        tag = el.tag
        if tag == W + "p":
            # tabs separate the cells of a row typed as one line: keep a double space
            text = "  ".join(
                p for p in (clean_cell(x) for x in paragraph_text(el).split("\t")) if p
            )
            if text:
                blocks.append(text)
            for box in _text_boxes(el):
                _walk(box, blocks)
        elif tag == W + "tbl":
            table = table_grid(el)
            if table is not None:
                blocks.append(table)
        elif tag in (W + "sdt", W + "sdtContent", W + "customXml", W + "smartTag"):
            _walk(el, blocks)


def paragraph_text(p: _Element) -> str:
    """Text of a paragraph without the text of boxes anchored in it."""
    out: list[str] = []

    def visit(el: _Element) -> None:
        for child in el:
            tag = child.tag
            if tag == W + "txbxContent" or tag == MC_FALLBACK:
                continue
            if tag in _TEXT_TAGS:
                out.append(_TEXT_TAGS[tag] or child.text or "")
            else:
                visit(child)

    visit(p)
    return "".join(out)


def _text_boxes(p: _Element) -> list[_Element]:
    """Outermost text boxes in a paragraph, skipping the VML fallback copies."""
    boxes = []
    for box in p.iter(W + "txbxContent"):
        anc = box.getparent()
        nested = False
        while anc is not None and anc is not p:
            if anc.tag in (MC_FALLBACK, W + "txbxContent"):
                nested = True
                break
            anc = anc.getparent()
        if not nested:
            boxes.append(box)
    return boxes


def _cell_text(tc: _Element) -> str:
    parts = [paragraph_text(p) for p in tc.iter(W + "p")]
    return clean_cell("\n".join(p for p in parts if p.strip()))


def _int_attr(el: _Element, path: str, default: int) -> int:
    node = el.find(path)
    if node is None:
        return default
    try:
        return int(node.get(W + "val", default))
    except ValueError:
        return default


def _children(el: _Element, name: str) -> list[_Element]:
    """Rows or cells, also those wrapped in content controls (``w:sdt``)."""
    out: list[_Element] = []
    for child in el:
        if child.tag == W + name:
            out.append(child)
        elif child.tag in (W + "sdt", W + "customXml"):
            content = child.find(W + "sdtContent")
            out.extend(_children(content if content is not None else child, name))
    return out


def table_grid(tbl: _Element) -> Table | None:
    """A ``w:tbl`` as a grid; nested tables' text stays inside their cell."""
    rows: list[list[str]] = []
    spans: set[tuple[int, int]] = set()
    cells = 0  # checked as the grid grows: a 1 KB file may declare 10⁸ columns
    for r, tr in enumerate(_children(tbl, "tr")):
        before = _int_attr(tr, f"{W}trPr/{W}gridBefore", 0)
        check_cells(1, before, "a DOCX table row (gridBefore)")
        row: list[str] = [""] * max(0, before)
        for tc in _children(tr, "tc"):
            span = max(1, _int_attr(tc, f"{W}tcPr/{W}gridSpan", 1))
            check_cells(1, len(row) + span, "a DOCX table (gridSpan)")
            vmerge = tc.find(f"{W}tcPr/{W}vMerge")
            c = len(row)
            if vmerge is not None and vmerge.get(W + "val", "continue") == "continue" and r:
                above = rows[r - 1]
                text = above[c] if c < len(above) else ""
                spans.update((r, c + i) for i in range(span))
            else:
                text = _cell_text(tc)
                spans.update((r, c + i) for i in range(1, span))
            row.extend([text] * span)
        rows.append(row)
        cells += len(row)
        if cells > current().table_cells:
            raise too_complex(f"a DOCX table of more than {current().table_cells} cells")
    if not rows:
        return None
    width = max(len(r) for r in rows)
    check_cells(len(rows), width, "a DOCX table")
    rows = [r + [""] * (width - len(r)) for r in rows]
    if not any(any(c for c in r) for r in rows):
        return None
    return Table(rows=rows, spans=spans)
