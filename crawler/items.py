"""What the spider yields: a document that holds (part of) a report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class DocumentItem:
    """A report's article page or one of its attachments, with its archived capture.

    ``body`` is the decoded payload (content-encoding removed) for parsing;
    the raw bytes are already in the archive under ``capture.sha256``.
    """

    url: str
    kind: str  # "article" | "attachment"
    portal: dict[str, Any]
    title: str | None
    year: int | None
    organ: str | None
    status: int
    content_type: str | None
    body: bytes
    capture: Any = None
    parent_url: str | None = None
    body_is_attachment: bool = False
    extra: dict[str, Any] = field(default_factory=dict)
