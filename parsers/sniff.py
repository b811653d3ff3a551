"""Tell a file's type from its bytes, never from the URL or the extension.

Government portals serve PDFs as ``.html``, DOCX as ``.doc``, WPS files as
``.doc`` and HTML error pages as ``.pdf``; the name lies, the bytes do not.
A file that is truncated or corrupt in a way that is cheap to see raises
``ParseError`` here, with one line that says what is wrong, so that readers
do not fail later with a library's stack trace.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile

from parsers.errors import ZIP_ERRORS, ParseError

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_START = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body|meta|title|div|table|p|script|link|style)\b",
    re.I | re.S,
)
_MHT = re.compile(rb"^MIME-Version:.*?Content-Type:\s*multipart/related", re.I | re.S | re.M)
_HTML_ANYWHERE = re.compile(rb"<(html|body|table|div)\b[^>]*>", re.I)


def _utf16(s: str) -> bytes:
    return s.encode("utf-16-le")


def sniff(data: bytes) -> str:
    """Return html, mht, pdf, docx, xlsx, doc, wps, xls, rtf, png, jpeg, tiff or text."""
    if not data.strip():
        raise ParseError("empty file")
    head = data[:16]
    if head.startswith(b"%PDF-") or b"%PDF-" in data[:1024]:
        return _check_pdf(data)
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if head.startswith(OLE2_MAGIC):
        return _ole_kind(data)
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        if b"IEND" not in data[-32:]:
            raise ParseError("truncated PNG: no IEND chunk at the end")
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        if b"\xff\xd9" not in data[-16:]:
            raise ParseError("truncated JPEG: no end-of-image marker")
        return "jpeg"
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if data.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf"):
        return "rtf"  # Word documents saved as RTF and served as .doc
    if _MHT.search(data[:4096]):
        return "mht"  # "single file web page", also served as .doc
    body = data.lstrip(b"\xef\xbb\xbf")
    if _HTML_START.match(body[:4096]) or _HTML_ANYWHERE.search(data[:65536]):
        return "html"
    if b"\x00" in data[:4096]:
        raise ParseError("binary file of an unknown type")
    return "text"


def _check_pdf(data: bytes) -> str:
    if b"%%EOF" not in data[-4096:]:
        raise ParseError("truncated PDF: no %%EOF marker at the end")
    return "pdf"


def _zip_kind(data: bytes) -> str:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except ZIP_ERRORS as exc:
        raise ParseError(f"truncated or corrupt ZIP container ({exc})") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "OFD.xml" in names:
        raise ParseError("OFD documents (GB/T 33190) are not supported")
    if "content.xml" in names:
        raise ParseError("OpenDocument files (ODT/ODS) are not supported")
    raise ParseError("ZIP archive that is not a DOCX or XLSX")


def _ole_kind(data: bytes) -> str:
    """DOC, WPS or XLS: look at the stream names and check the size.

    The header lists the sectors of the allocation table; if any of them lie
    past the end of the data, the file was cut off in transfer.
    """
    if len(data) < 1536:
        raise ParseError("truncated OLE2 file (DOC/WPS/XLS): shorter than its header")
    shift = struct.unpack_from("<H", data, 0x1E)[0]
    if shift not in (9, 12):
        raise ParseError("corrupt OLE2 file (DOC/WPS/XLS): bad sector size")
    size = 1 << shift
    n_fat = struct.unpack_from("<I", data, 0x2C)[0]
    sectors = (len(data) - size) // size
    for i in range(min(n_fat, 109)):
        sid = struct.unpack_from("<I", data, 0x4C + 4 * i)[0]
        if sid < 0xFFFFFFFA and sid >= sectors:
            raise ParseError("truncated OLE2 file (DOC/WPS/XLS): allocation table past the end")
    if _utf16("WordDocument") in data:
        if _utf16("Kingsoft") in data or b"Kingsoft" in data or b"WPS Office" in data:
            return "wps"
        return "doc"
    if _utf16("Workbook") in data or _utf16("Book") in data:
        return "xls"
    if b"WPS" in data[:65536] or _utf16("WPS") in data:
        return "wps"
    raise ParseError("OLE2 file that is neither a Word/WPS document nor a workbook")
