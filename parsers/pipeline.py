"""bytes → Document → report/1: the one path every caller uses."""

from __future__ import annotations

from parsers.errors import NotAReport
from parsers.readers import read_document


def parse_document_bytes(data: bytes, filename: str | None = None) -> dict[str, object]:
    read_document(data, filename)
    raise NotAReport("template extraction is not written yet")
