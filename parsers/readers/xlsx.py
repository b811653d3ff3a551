"""Spreadsheets (XLSX; XLS through LibreOffice): every sheet is one table.

Some bodies publish the annual-report tables as a workbook.  The sheet XML
is read directly with lxml (no extra dependency): shared strings, cell
references such as ``C7`` and the ``mergeCell`` ranges, which are expanded
like merged cells elsewhere.
"""

from __future__ import annotations

import io
import re
import zipfile

from lxml import etree

from parsers.document import Document, Table
from parsers.errors import ZIP_ERRORS, ParseError
from parsers.limits import check_cells, current, too_complex
from parsers.readers.grid import clean_cell
from parsers.readers.package import check_package

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _pos(ref: str) -> tuple[int, int]:
    m = _REF.match(ref)
    if not m:
        raise ParseError(f"corrupt XLSX: bad cell reference {ref!r}")
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def read(data: bytes) -> Document:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        check_package(z, "XLSX")
        strings = _shared_strings(z)
        book = etree.fromstring(z.read("xl/workbook.xml"))
        rels = etree.fromstring(z.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, etree.XMLSyntaxError, *ZIP_ERRORS) as exc:
        raise ParseError(f"corrupt XLSX ({exc})") from None
    targets = {r.get("Id"): r.get("Target") for r in rels}
    blocks: list[str | Table] = []
    for n, sheet in enumerate(book.iterfind("m:sheets/m:sheet", NS)):
        target = targets.get(sheet.get(REL), "")
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        try:
            root = etree.fromstring(z.read(path))
        except (KeyError, etree.XMLSyntaxError) as exc:
            raise ParseError(f"corrupt XLSX sheet {sheet.get('name')!r} ({exc})") from None
        blocks.append(sheet.get("name") or f"Sheet{n + 1}")
        table = _sheet(root, strings, n)
        if table is not None:
            blocks.append(table)
    text = "\n".join(b for b in blocks if isinstance(b, str))
    return Document(blocks=blocks, text=text, source_format="xlsx")


def _shared_strings(z: zipfile.ZipFile) -> list[str]:
    try:
        root = etree.fromstring(z.read("xl/sharedStrings.xml"))
    except KeyError:
        return []
    return ["".join(si.itertext()) for si in root.iterfind("m:si", NS)]


def _sheet(root: etree._Element, strings: list[str], page: int) -> Table | None:
    cells: dict[tuple[int, int], str] = {}
    for c in root.iterfind(".//m:sheetData/m:row/m:c", NS):
        v = c.find("m:v", NS)
        kind = c.get("t")
        if kind == "inlineStr":
            text = "".join(c.find("m:is", NS).itertext()) if c.find("m:is", NS) is not None else ""
        elif v is None:
            continue
        elif kind == "s":
            text = strings[int(v.text)] if v.text and int(v.text) < len(strings) else ""
        else:
            text = v.text or ""
            if re.fullmatch(r"-?\d+\.0", text):
                text = text[:-2]
        cells[_pos(c.get("r", ""))] = clean_cell(text)
    if not cells:
        return None
    # one cell at XFD1048576 or a merge of the whole sheet: refused, or cut to the data
    top = min(r for r, _ in cells)
    bottom, right = max(r for r, _ in cells), max(c for _, c in cells)
    check_cells(bottom - top + 1, right + 1, f"XLSX sheet {page + 1}")
    spans: set[tuple[int, int]] = set()
    budget = current().table_cells
    for mc in root.iterfind(".//m:mergeCells/m:mergeCell", NS):
        first, _, last = mc.get("ref", "").partition(":")
        if not last:
            continue
        (r0, c0), (r1, c1) = _pos(first), _pos(last)
        r1, c1 = min(r1, bottom), min(c1, right)
        budget -= max(0, r1 - r0 + 1) * max(0, c1 - c0 + 1)
        if budget < 0:
            raise too_complex(
                f"XLSX sheet {page + 1} merges more than {current().table_cells} cells"
            )
        text = cells.get((r0, c0), "")
        for r in range(r0, r1 + 1):
            for col in range(c0, c1 + 1):
                if (r, col) != (r0, c0):
                    cells[(r, col)] = text
                    spans.add((r, col))
    height, width = bottom + 1, right + 1
    rows = [[cells.get((r, c), "") for c in range(width)] for r in range(top, height)]
    spans = {(r - top, c) for r, c in spans if r >= top}
    return Table(rows=rows, spans=spans, page=page)
