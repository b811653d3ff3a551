"""One document into the database: its row, the report it belongs to, the version it holds.

The crawl's item pipeline, ``nianbao reparse`` and ``nianbao reindex`` all come
here with the same three things: what the crawl knew of the document
(``DocumentFacts``: where it was found, under which title, year and organ), the
capture that holds its bytes, and what the parser read from them.  Identity
(organ, year) comes from the title first, because a title names them the same
way on every crawl, and from the parse where the title is silent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.models import Document, Region, Report
from archive.reports import (
    SourceContent,
    get_or_create_document,
    get_or_create_organ,
    get_or_create_report,
    record_version,
)
from ingest.content import ParsedContent
from ingest.organs import organ_name


@dataclass(frozen=True)
class DocumentFacts:
    """What the crawl knew of a document when it fetched it (plain data, JSON-able)."""

    url: str
    kind: str  # "article" | "attachment"
    portal_code: str
    portal_name: str
    portal_level: str
    portal_id: int | None = None
    title: str | None = None
    year: int | None = None
    organ: str | None = None
    parent_url: str | None = None
    #: an article page whose report is its attachment (详见附件): no version of its own
    body_is_attachment: bool = False
    #: the portal's home page and its region's parent, so that a lost database can be
    #: rebuilt from the archive (``reindex``) with the portal rows the crawl had
    portal_url: str | None = None
    portal_parent_code: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DocumentFacts:
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


@dataclass(frozen=True)
class CaptureRef:
    """The capture whose bytes the document's content was read from."""

    capture_id: int
    sha256: str
    status: int


@dataclass(frozen=True)
class IngestOutcome:
    document_id: int
    report_id: int | None
    #: the document was seen for the first time (its facts are news for the archive)
    document_created: bool
    #: "new", "revised" (or "reparsed") when a version was recorded with an alert, "unchanged"
    #: when the content was known; None when no version was due (no report, no content)
    outcome: str | None


def ingest_document(
    session: Session,
    facts: DocumentFacts,
    capture: CaptureRef | None,
    content: ParsedContent | None,
    crawl_id: int | None,
    now: datetime | None = None,
    revision_kind: str = "revised",
) -> IngestOutcome:
    """Record the document and, for a successful capture, its report and version.

    ``content`` is None when the bytes were not parsed (an article whose body is its
    attachment, or an error status).  ``revision_kind`` names the alert of a changed
    meaning: ``revised`` for the crawl, ``reparsed`` when a newer parser read the same
    bytes differently.
    """
    now = _aware(now or datetime.now(UTC))
    doc, created = _document(session, facts, now)
    outcome: str | None = None
    if capture is not None and capture.status < 400:
        usable = None if facts.body_is_attachment else content
        report, new_report = _report_for(session, doc, facts, usable[0] if usable else None)
        if report is not None and usable is not None:
            parsed, text, parser_version = usable
            source = SourceContent(capture.capture_id, capture.sha256, parsed, text, parser_version)
            _, alert = record_version(
                session,
                report,
                doc,
                source,
                crawl_id,
                now,
                revision_kind=revision_kind,
                new_report=new_report,
            )
            outcome = alert or "unchanged"
    return IngestOutcome(doc.id, doc.report_id, created, outcome)


def _document(session: Session, facts: DocumentFacts, now: datetime) -> tuple[Document, bool]:
    parent = None
    if facts.parent_url:
        parent = session.scalars(select(Document).where(Document.url == facts.parent_url)).first()
    doc, created = get_or_create_document(
        session,
        facts.url,
        portal_id=facts.portal_id,
        kind=facts.kind,
        title=facts.title,
        parent_id=parent.id if parent else None,
        now=now,
    )
    if not created:
        doc.last_seen = max(_aware(doc.last_seen), now)
        if facts.title and not doc.title:
            doc.title = facts.title
    if parent is not None and parent.report_id and not doc.report_id:
        doc.report_id = parent.report_id
    return doc, created


def _report_for(
    session: Session, doc: Document, facts: DocumentFacts, parsed: dict[str, Any] | None
) -> tuple[Report | None, bool]:
    """The document's report (None: no year to place it by), and whether it is new."""
    if doc.report_id:
        return session.get(Report, doc.report_id), False
    year = facts.year or (parsed or {}).get("year")
    if year is None:
        return None, False
    region = session.get(Region, facts.portal_code)
    found = facts.organ or (parsed or {}).get("organ")
    name = organ_name(found, region.name if region else facts.portal_name, facts.portal_level)
    organ = get_or_create_organ(session, facts.portal_code, name)
    report, created = get_or_create_report(session, organ, int(year), facts.title)
    doc.report_id = report.id
    return report, created


def _aware(moment: datetime) -> datetime:
    """SQLite hands times back naive; they were stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
