"""Readers: bytes of one format into a ``Document``; the type is sniffed from the bytes.

Each reader module is imported only when its format turns up, so reading an
HTML page never loads pdfplumber or python-docx.
"""

from __future__ import annotations

import subprocess

from parsers.document import Document
from parsers.errors import ParseError
from parsers.sniff import sniff


def read_document(data: bytes, filename: str | None = None) -> Document:
    """Sniff ``data`` and hand it to the reader of its format.

    ``filename`` is never used to choose the reader.  Whatever a library
    raises on a malformed file comes out as one ``ParseError`` line naming
    the format, because bytes from the web are often broken in new ways.
    """
    kind = sniff(data)
    try:
        return _read(kind, data)
    except ParseError:
        raise
    except Exception as exc:  # a library's own error on a malformed file
        detail = (str(exc).strip().splitlines() or [""])[0][:200]
        raise ParseError(f"malformed {kind.upper()} ({exc.__class__.__name__}: {detail})") from exc


def _read(kind: str, data: bytes) -> Document:
    if kind == "html":
        from parsers.readers import html

        return html.read(data)
    if kind == "pdf":
        from parsers.readers import pdf

        return pdf.read(data)
    if kind == "docx":
        from parsers.readers import docx

        return docx.read(data)
    if kind == "mht":
        from parsers.readers import html

        return html.read_mht(data)
    if kind in ("doc", "wps", "rtf"):
        from parsers.readers import legacy

        return legacy.read(data, kind)
    if kind in ("png", "jpeg", "tiff"):
        from parsers.readers import ocr

        return ocr.read_image(data)
    if kind == "xlsx":
        from parsers.readers import xlsx

        return xlsx.read(data)
    if kind == "xls":
        from parsers.readers import legacy, xlsx

        try:
            converted = legacy.convert(data, "xls", "xlsx", "Calc MS Excel 2007 XML")
        except (ParseError, OSError, subprocess.SubprocessError) as exc:
            raise ParseError(f"XLS needs LibreOffice Calc to be read: {exc}") from None
        doc = xlsx.read(converted)
        doc.source_format = "xls"
        return doc
    from parsers.readers import text

    return text.read(data)
