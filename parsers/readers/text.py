"""Plain-text dumps (like the seeds): tab-separated lines are table rows."""

from __future__ import annotations

from parsers.document import Document, Table
from parsers.errors import ParseError


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM) or the GB family."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ParseError("not text in UTF-8 or GB18030")


def read(data: bytes) -> Document:
    text = decode(data)
    blocks: list[str | Table] = []
    rows: list[list[str]] = []
    for line in text.splitlines():
        if "\t" in line:
            rows.append([c.strip() for c in line.split("\t")])
            continue
        if rows and not line.strip():
            continue  # a blank line inside a table does not end it
        if rows:
            blocks.append(Table(rows=rows))
            rows = []
        if line.strip():
            blocks.append(line.strip())
    if rows:
        blocks.append(Table(rows=rows))
    return Document(blocks=blocks, text=text, source_format="text")
