"""Hostile PDFs, made by code: pages too big to render, too many objects, inflation bombs.

``raw_pdf`` writes a PDF of given pages and content streams with a correct
cross-reference table, so each attack is a few lines on top of it: a page
at PDF's largest size, thousands of blank pages, hundreds of thousands of
ruled boxes, a content stream that inflates to gigabytes, and the broken
files (encrypted, truncated) that must stay handled.  Every generator
returns the file's bytes.
"""

from __future__ import annotations

import io
import struct
import zlib


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
