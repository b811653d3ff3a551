"""Archived bytes through the current parser: new versions only where the meaning changed.

A better parser is worth nothing if it only reads what the next crawl fetches;
reports on a portal that has since vanished are read from the archive or not at
all.  ``reparse`` takes each document's latest archived capture, parses its bytes
again and hands the result to ``ingest_document``: the same identity and version
rules as a crawl, with ``reparsed`` as the alert of a changed meaning, so that a
parser fix is never mistaken for the publisher revising a report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.models import Capture, Document, Portal, Region, ReportVersion
from ingest.codings import decoded_body
from ingest.content import charset_of, parse_content
from ingest.document import CaptureRef, DocumentFacts, ingest_document


@dataclass
class ReparseSummary:
    parser_version: str
    documents: int = 0
    skipped_current: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    failures: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "parser_version": self.parser_version,
            "documents": self.documents,
            "skipped_current": self.skipped_current,
            "reparsed": self.outcomes.get("reparsed", 0),
            "new": self.outcomes.get("new", 0),
            "unchanged": self.outcomes.get("unchanged", 0),
            "failures": self.failures,
        }


def version_key(version: str | None) -> tuple[int, ...]:
    """``0.2.10`` > ``0.2.9``; an unknown version sorts first."""
    if not version:
        return ()
    return tuple(int(p) if p.isdigit() else 0 for p in version.split("."))


def _latest_capture(session: Session, doc: Document) -> Capture | None:
    """The document's newest successful capture that holds its own bytes (not a 304)."""
    return session.scalars(
        select(Capture)
        .where(Capture.url == doc.url, Capture.status < 300)
        .order_by(Capture.fetched_at.desc(), Capture.id.desc())
        .limit(1)
    ).first()


def _facts(session: Session, doc: Document) -> DocumentFacts | None:
    portal = session.get(Portal, doc.portal_id) if doc.portal_id else None
    if portal is None:
        return None
    region = session.get(Region, portal.region_code)
    level = region.level if region else "county"
    return DocumentFacts(
        url=doc.url,
        kind=doc.kind,
        portal_code=portal.region_code,
        portal_name=region.name if region else portal.name,
        portal_level=level,
        portal_id=portal.id,
        title=doc.title,
    )


def _targets(session: Session, below: str | None, current: str) -> Iterator[tuple[int, bool]]:
    """(document id, whether it needs a parse) for every document, oldest first."""
    for doc_id, report_id in session.execute(
        select(Document.id, Document.report_id).order_by(Document.id)
    ).all():
        version = None
        if report_id is not None:
            version = session.scalars(
                select(ReportVersion.parser_version)
                .where(ReportVersion.report_id == report_id, ReportVersion.document_id == doc_id)
                .order_by(ReportVersion.id.desc())
                .limit(1)
            ).first()
        stale = version != current
        if version is None and report_id is not None:
            # an article page whose report is its attachment has no version to refresh
            stale = not _is_attachment_page(session, doc_id)
        if below is not None:
            stale = stale and version_key(version) < version_key(below)
        yield doc_id, stale


def reparse(
    sessions: sessionmaker[Session],
    read_blob: Callable[[str], bytes],
    parser_version_below: str | None = None,
    progress: Callable[[], None] | None = None,
    limits: Any = None,
) -> ReparseSummary:
    """Parse every stale document's archived bytes again; one commit per document.

    ``limits`` (``parsers.ParseLimits``, ``[limits]`` of nianbao.toml) bound each
    document's parse as they bound the crawl's: the bytes are the same hostile bytes.
    """
    import parsers

    summary = ReparseSummary(parsers.PARSER_VERSION)
    with sessions() as session:
        targets = list(_targets(session, parser_version_below, parsers.PARSER_VERSION))
    for doc_id, stale in targets:
        if progress is not None:
            progress()
        summary.documents += 1
        if not stale:
            summary.skipped_current += 1
            continue
        with sessions() as session:
            doc = session.get(Document, doc_id)
            assert doc is not None
            facts = _facts(session, doc)
            cap = _latest_capture(session, doc)
            if facts is None or cap is None:
                continue
            try:
                body = decoded_body(read_blob(cap.sha256), cap.response_headers)
            except Exception as exc:  # a missing or damaged blob is named, the rest goes on
                summary.failures.append({"url": doc.url, "error": f"{type(exc).__name__}: {exc}"})
                continue
            name = doc.url.rsplit("/", 1)[-1] or "index.html"
            content = None
            refused: list[str] = []
            if not (doc.kind == "article" and _is_attachment_page(session, doc.id)):
                content = parse_content(
                    body,
                    name,
                    cap.content_type,
                    charset_of(cap.response_headers),
                    limits,
                    on_failure=refused.append,
                )
            if refused:  # over a limit, or no report any more: named, the versions kept
                summary.failures.append({"url": doc.url, "error": refused[0]})
                continue
            done = ingest_document(
                session,
                facts,
                CaptureRef(cap.id, cap.sha256, cap.status),
                content,
                crawl_id=None,
                now=cap.fetched_at,
                revision_kind="reparsed",
            )
            session.commit()
        if done.outcome is not None:
            summary.outcomes[done.outcome] += 1
    return summary


def _is_attachment_page(session: Session, doc_id: int) -> bool:
    """An article page whose report is its attachment holds no version of its own."""
    has_children = session.scalars(
        select(Document.id).where(Document.parent_id == doc_id).limit(1)
    ).first()
    own = session.scalars(
        select(ReportVersion.id).where(ReportVersion.document_id == doc_id).limit(1)
    ).first()
    return has_children is not None and own is None
