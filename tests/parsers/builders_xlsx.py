"""A workbook with the report's three tables, one sheet each, merged header cells.

Written as raw SpreadsheetML so the tests need no spreadsheet library.
"""

from __future__ import annotations

import io
import zipfile
from html import escape

from tests.parsers.builders import Seed, positions

_CT = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml"
 ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
{sheets}</Types>"""
_SHEET_CT = (
    '<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\n'
)
_ROOT_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_WS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"


def _col(c: int) -> str:
    name = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        name = chr(65 + rem) + name
    return name


def build_xlsx(seed: Seed) -> bytes:
    buf = io.BytesIO()
    sheets = []
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for n, (heading, builder) in enumerate(seed.tables, 1):
            cells, _ = positions(builder.rows)
            rows: dict[int, list[str]] = {}
            merges = []
            for r, c, rs, cs, text in cells:
                ref = f"{_col(c)}{r + 1}"
                if text:
                    if text.lstrip("-").replace(".", "", 1).isdigit():
                        rows.setdefault(r, []).append(f'<c r="{ref}"><v>{text}</v></c>')
                    else:
                        value = f"<is><t>{escape(text)}</t></is>"
                        rows.setdefault(r, []).append(f'<c r="{ref}" t="inlineStr">{value}</c>')
                if rs > 1 or cs > 1:
                    merges.append(f'<mergeCell ref="{ref}:{_col(c + cs - 1)}{r + rs}"/>')
            data = "".join(f'<row r="{r + 1}">{"".join(v)}</row>' for r, v in sorted(rows.items()))
            merge = f"<mergeCells>{''.join(merges)}</mergeCells>" if merges else ""
            z.writestr(
                f"xl/worksheets/sheet{n}.xml",
                f'<worksheet xmlns="{_MAIN}"><sheetData>{data}</sheetData>{merge}</worksheet>',
            )
            sheets.append((n, heading[:31].replace("、", " ")))
        z.writestr(
            "[Content_Types].xml",
            _CT.format(sheets="".join(_SHEET_CT.format(n=n) for n, _ in sheets)),
        )
        z.writestr("_rels/.rels", _ROOT_RELS)
        entries = "".join(
            f'<sheet name="{escape(t)}" sheetId="{n}" r:id="rId{n}"/>' for n, t in sheets
        )
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_R}"><sheets>{entries}</sheets></workbook>',
        )
        rels = "".join(
            f'<Relationship Id="rId{n}" Type="{_WS}" Target="worksheets/sheet{n}.xml"/>'
            for n, _ in sheets
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>',
        )
    return buf.getvalue()
