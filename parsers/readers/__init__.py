"""Readers: bytes of one format into a ``Document``; the type is sniffed from the bytes."""

from __future__ import annotations

from parsers.document import Document
from parsers.errors import ParseError


def read_document(data: bytes, filename: str | None = None) -> Document:
    """Sniff ``data`` and hand it to the reader of its format."""
    from parsers.readers import text

    if not data.strip():
        raise ParseError("empty file")
    return text.read(data)
