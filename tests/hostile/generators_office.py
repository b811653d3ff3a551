"""Hostile Office files, made by code: DOCX and XLSX packages, a zip bomb, OLE2 noise.

Each is small on disk and costly to read naively: a table wider than memory,
millions of elements, a merge of a whole sheet, entity expansion, external
entities, nesting deeper than a parser's stack.  Every generator returns the
file's bytes; nothing is checked in as a blob, so the suite shows how each
attack is built, and new variants are one function away.
"""

from __future__ import annotations

import io
import random
import zipfile

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
S_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">' for i in range(2, 10))
    + '<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
)
XXE = '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


# --- DOCX ----------------------------------------------------------------------------------


def docx(body: str, doctype: str = "", extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal DOCX package whose document body is ``body`` (WordprocessingML)."""
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/word/document.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.'
        'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/></Relationships>'
    )
    doc = f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<w:document xmlns:w="{W_NS}"><w:body>{body}</w:body></w:document>'
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", doc)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return buf.getvalue()


def _cell(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def docx_gridspan(span: int = 10**8) -> bytes:
    """A 1 KB table whose one cell declares that it spans ``span`` grid columns."""
    row = "<w:tr>" + _cell("行政许可", f'<w:gridSpan w:val="{span}"/>') + _cell("1") + "</w:tr>"
    return docx(f"<w:tbl>{row * 3}</w:tbl>")


def docx_gridbefore(before: int = 10**8) -> bytes:
    """A table row that skips ``before`` grid columns before its first cell."""
    row = f'<w:tr><w:trPr><w:gridBefore w:val="{before}"/></w:trPr>{_cell("1")}</w:tr>'
    return docx(f"<w:tbl>{row * 3}</w:tbl>")


def docx_paragraphs(n: int = 3_000_000) -> bytes:
    """Millions of empty paragraphs: a few kilobytes packed, gigabytes as a tree."""
    return docx("<w:p/>" * n)


def docx_laughs() -> bytes:
    return docx("<w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>", doctype=LAUGHS)


def docx_xxe() -> bytes:
    return docx("<w:p><w:r><w:t>&xxe;</w:t></w:r></w:p>", doctype=XXE)


def zip_bomb(unpacked_mb: int = 400) -> bytes:
    """A DOCX with a member of zeros that unpacks to ``unpacked_mb`` MiB."""
    buf = io.BytesIO()
    base = zipfile.ZipFile(io.BytesIO(docx("<w:p/>")))
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for info in base.infolist():
            z.writestr(info.filename, base.read(info))
        with z.open("word/media/zeros.bin", "w", force_zip64=True) as f:
            block = bytes(1 << 20)
            for _ in range(unpacked_mb):
                f.write(block)
    return buf.getvalue()


def docx_deep(depth: int = 5000) -> bytes:
    """Content controls nested ``depth`` deep around one paragraph."""
    return docx("<w:sdt><w:sdtContent>" * depth + "<w:p/>" + "</w:sdtContent></w:sdt>" * depth)


# --- XLSX ----------------------------------------------------------------------------------


def xlsx(sheet_data: str, merges: str = "", doctype: str = "", strings: str = "") -> bytes:
    types = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="xml" ContentType="application/xml"/></Types>'
    )
    book = (
        f'<workbook xmlns="{S_NS}" xmlns:r="{R_NS}"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    rels = (
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Target="worksheets/sheet1.xml" Type="x"/></Relationships>'
    )
    sheet = (
        f'<?xml version="1.0"?>{doctype}<worksheet xmlns="{S_NS}"><sheetData>{sheet_data}'
        f"</sheetData>{f'<mergeCells>{merges}</mergeCells>' if merges else ''}</worksheet>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("xl/workbook.xml", book)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if strings:
            z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?>{doctype}{strings}')
    return buf.getvalue()


def _c(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def xlsx_far_cell() -> bytes:
    """One cell in A1 and one at the sheet's last position, XFD1048576."""
    return xlsx(
        f'<row r="1">{_c("A1", "行政许可")}</row><row r="1048576">{_c("XFD1048576", "1")}</row>'
    )


def xlsx_whole_merge() -> bytes:
    """A few cells and a merge of the whole sheet over them."""
    rows = "".join(
        f'<row r="{r}">{_c(f"A{r}", "行政许可")}{_c(f"B{r}", "1")}</row>' for r in (1, 2)
    )
    return xlsx(rows, merges='<mergeCell ref="A1:XFD1048576"/>')


def xlsx_many_merges(n: int = 200_000) -> bytes:
    """A 1000×1000 sheet merged over and over again: each merge alone is within limits."""
    rows = f'<row r="1">{_c("A1", "x")}</row><row r="1000">{_c("ALL1000", "y")}</row>'
    return xlsx(rows, merges='<mergeCell ref="A1:ALL1000"/>' * n)


def xlsx_laughs() -> bytes:
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    return xlsx(rows, doctype=LAUGHS, strings=f'<sst xmlns="{S_NS}"><si><t>&lol9;</t></si></sst>')


def xlsx_xxe() -> bytes:
    rows = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>'
    return xlsx(rows, doctype=XXE, strings=f'<sst xmlns="{S_NS}"><si><t>&xxe;</t></si></sst>')


# --- OLE2 ----------------------------------------------------------------------------------


def ole_garbage(seed: int = 1) -> bytes:
    """The OLE2 magic followed by random bytes (a 'DOC' that is nothing)."""
    rnd = random.Random(seed)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rnd.getrandbits(8) for _ in range(8192))
