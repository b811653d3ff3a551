"""Plain-text dumps (like the seeds): tab-separated lines are table rows.

Text taken out of HTML, PDF or DOCX comes in a few shapes: tab-separated
rows, Markdown-style ``| a | b |`` rows, or one cell per line (those stay
paragraphs; the extractor reads them as a stream).  A blank line inside a
table does not end it; a form feed (page break) does, so a table broken by a
page arrives as two tables, as it would from a PDF reader.
"""

from __future__ import annotations

import re

from parsers.document import Document, Table
from parsers.errors import ParseError

_PIPE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")


def decode(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), UTF-16 with BOM, or the GB family."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16")
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise ParseError("not text in UTF-8, UTF-16 or GB18030")


def _cells(line: str) -> list[str] | None:
    """The cells of a table line, or None for a paragraph line."""
    if "\t" in line:
        return [c.strip() for c in line.split("\t")]
    s = line.strip()
    if len(s) > 2 and s.startswith("|") and s.endswith("|"):
        return [c.strip() for c in s[1:-1].split("|")]
    return None


def read(data: bytes) -> Document:
    text = decode(data).replace("\r\n", "\n").replace("\r", "\n")
    if "\x00" in text:
        raise ParseError("binary data, not text")
    blocks: list[str | Table] = []
    rows: list[list[str]] = []

    def end_table() -> None:
        nonlocal rows
        if rows:
            blocks.append(Table(rows=rows))
            rows = []

    for line in text.split("\n"):
        if "\f" in line:
            end_table()
            line = line.replace("\f", "")
        if _PIPE_RULE.match(line.strip()) and rows:
            continue  # the |---|---| line under a Markdown header
        cells = _cells(line)
        if cells is not None:
            rows.append(cells)
            continue
        if rows and not line.strip():
            continue  # a blank line inside a table does not end it
        end_table()
        if line.strip():
            blocks.append(line.strip())
    end_table()
    return Document(blocks=blocks, text=text, source_format="text")
