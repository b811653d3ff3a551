"""Title and date of a document that has no page metadata (PDF, DOCX, DOC, scans).

File metadata is unreliable (``Microsoft Word - 文档1.doc``, the title of
the report the file was copied from), so the title is read from the first lines, where reports
put it, often over two lines (the organ, then 20XX年政府信息公开工作年度报告).
The date is the signature date that closes the report, on a line of its own.
"""

from __future__ import annotations

import re

from parsers.document import Document
from parsers.readers.html_meta import iso_date

_REPORT = re.compile(r"(年度报告|年报)")
_DATE_LINE = re.compile(r"^\s*(20\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*$")
_BAD_TITLE = re.compile(r"^(Microsoft Word|WPS|文档\d|Untitled|未命名)", re.I)


def guess_title(paragraphs: list[str]) -> str | None:
    head = paragraphs[:6]
    for i, text in enumerate(head):
        if _REPORT.search(text) and len(text) <= 60:
            before = head[i - 1] if i else ""
            if before and len(before) <= 25 and not re.search(r"[。，：；]", before):
                return f"{before}{text}"
            return text
    return None


def guess_published(paragraphs: list[str]) -> str | None:
    for text in reversed(paragraphs[-8:]):
        if _DATE_LINE.match(text):
            return iso_date(text)
    return None


def fill(doc: Document) -> Document:
    """Set ``title`` and ``published`` from the text where the file did not give them."""
    paragraphs = [b for b in doc.blocks if isinstance(b, str)]
    guessed = guess_title(paragraphs)
    if guessed:
        doc.title = guessed  # file metadata often names the template or an older report
    elif doc.title and _BAD_TITLE.match(doc.title):
        doc.title = None
    if not doc.published:
        doc.published = guess_published(paragraphs)
    return doc
