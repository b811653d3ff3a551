"""Hostile files, made by code: each is small on disk and costly to read naively.

Every generator returns the file's bytes.  Nothing here is checked in as a
blob, so the suite shows how each attack is built, and new variants are one
function away.
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
import zlib

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


# --- PDF -----------------------------------------------------------------------------------


def raw_pdf(pages: list[tuple[float, float, bytes]]) -> bytes:
    """A PDF of pages (width, height, content stream), with a correct cross-reference table."""
    objects: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>", b""]
    kids = []
    for width, height, content in pages:
        n = len(objects) + 1
        kids.append(f"{n} 0 R")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {width} {height}] "
            f"/Contents {n + 1} 0 R /Resources << >> >>".encode()
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects[1] = f"<< /Type /Pages /Kids [{' '.join(kids)}] /Count {len(kids)} >>".encode()
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def pdf_huge_page() -> bytes:
    """One page 14400 pt square (the most PDF allows) with one ruled box: OCR would
    render it as a 40000 × 40000 image."""
    return raw_pdf([(14400, 14400, b"10 w 100 100 14000 14000 re S")])


def pdf_blank_pages(n: int = 2000) -> bytes:
    return raw_pdf([(595, 842, b"")] * n)


def pdf_many_objects(n: int = 300_000) -> bytes:
    """One A4 page of hundreds of thousands of tiny ruled boxes (a compressed stream)."""
    ops = b"1 1 3 3 re S\n" * n
    stream = zlib.compress(ops, 9)
    pdf = raw_pdf([(595, 842, stream)])
    return pdf.replace(b"<< /Length", b"<< /Filter /FlateDecode /Length", 1)


def pdf_encrypted() -> bytes:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    enc = pdfencrypt.StandardEncryption("secret", ownerPassword="owner", canPrint=0)
    c = canvas.Canvas(buf, encrypt=enc)
    c.drawString(72, 720, "2020 annual report")
    c.save()
    return buf.getvalue()


def pdf_truncated() -> bytes:
    data = raw_pdf([(595, 842, b"BT /F1 12 Tf 72 720 Td (report) Tj ET")] * 3)
    return data[: len(data) // 2]


# --- HTML ----------------------------------------------------------------------------------


def html_big(mb: int, seed: int = 0) -> bytes:
    """A report-like page of ``mb`` MiB: paragraphs, nested divs and small tables."""
    rnd = random.Random(seed)
    parts = ["<html><head><title>2020年政府信息公开工作年度报告</title></head><body>"]
    size = 0
    words = ["政府信息", "公开", "申请", "行政许可", "办理", "情况", "年度", "报告"]
    while size < mb << 20:
        kind = rnd.random()
        if kind < 0.6:
            chunk = "<p>" + "".join(rnd.choice(words) for _ in range(40)) + "</p>"
        elif kind < 0.8:
            chunk = "<div class='c'>" * 20 + "文字" + "</div>" * 20
        else:
            cells = "".join(f"<td>{rnd.randint(0, 999)}</td>" for _ in range(6))
            chunk = "<table>" + f"<tr><td>行政许可</td>{cells}</tr>" * 5 + "</table>"
        parts.append(chunk)
        size += len(chunk.encode())
    parts.append("</body></html>")
    return "".join(parts).encode()


def html_colspan_grid(rows: int = 3000) -> bytes:
    """Rows of cells each spanning 1000 columns: a grid of billions of positions."""
    row = "<tr>" + '<td colspan="1000">x</td>' * 3 + "</tr>"
    return f"<html><body><table>{row * rows}</table></body></html>".encode()


# --- images, OLE, odd files ----------------------------------------------------------------


def png_huge(side: int = 20000) -> bytes:
    """A 1-bit 20000 × 20000 PNG: 400 million pixels in a few hundred kilobytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    comp = zlib.compressobj(9)
    row = b"\x00" + b"\xff" * (side // 8)
    idat = b"".join(comp.compress(row) for _ in range(side)) + comp.flush()
    ihdr = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def ole_garbage(seed: int = 1) -> bytes:
    """The OLE2 magic followed by random bytes (a 'DOC' that is nothing)."""
    rnd = random.Random(seed)
    return b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(rnd.getrandbits(8) for _ in range(8192))


def binary() -> bytes:
    return bytes(range(256)) * 16


def empty() -> bytes:
    return b""


def flate_bomb(mb: int) -> bytes:
    """A zlib stream that inflates to ``mb`` MiB of spaces, built without compressing them all.

    After a full flush deflate starts afresh, so every further MiB compresses to
    the same bytes: one is compressed and repeated, and the checksum is summed.
    """
    block = b" " * (1 << 20)
    c = zlib.compressobj(9)
    first = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    end = c.flush()[:-4]
    adler = 1
    for _ in range(mb):
        adler = zlib.adler32(block, adler)
    return first + again * (mb - 1) + end + struct.pack(">I", adler)


def pdf_flate_bomb(mb: int = 1500) -> bytes:
    """One page whose content stream inflates to ``mb`` MiB."""
    pdf = raw_pdf([(595, 842, flate_bomb(mb))])
    return pdf.replace(b"<< /Length", b"<< /Filter /FlateDecode /Length", 1)


def pdf_large_scan_page() -> bytes:
    """A page just under the area limit (4400 pt square) with a box to OCR: rendered smaller."""
    return raw_pdf([(4400, 4400, b"10 w 100 100 4000 4000 re S")])


def tiff_many_frames(n: int = 40) -> bytes:
    from PIL import Image

    frames = [Image.new("L", (64, 64), 255) for _ in range(n)]
    buf = io.BytesIO()
    frames[0].save(buf, format="TIFF", save_all=True, append_images=frames[1:])
    return buf.getvalue()


def html_deep() -> bytes:
    """Tables nested 50000 deep, never closed (the walker recurses per level)."""
    return b"<html><body>" + b"<div><table><tr><td>" * 50_000 + b"x"


def html_huge(mb: int = 22) -> bytes:
    """A page over the HTML size limit, cheap to make."""
    return b"<html><body>" + b"<p>x</p>" * (mb * (1 << 20) // 8)


def docx_deep(depth: int = 5000) -> bytes:
    """Content controls nested ``depth`` deep around one paragraph."""
    return docx("<w:sdt><w:sdtContent>" * depth + "<w:p/>" + "</w:sdtContent></w:sdt>" * depth)
