"""Reports and versions rebuilt from the archive alone, after the database was lost.

``reindex`` first recreates the capture rows from the WARC records; then the
crawl's own judgement of each document — its portal, kind, title, year and organ,
kept in the archive as a ``metadata`` record when the document was first seen —
is read back, and every capture of the document goes through ``ingest_document``
in the order it was fetched, as the crawls did.  Versions and their alerts come
back; what only a crawl's walk can tell (a report unlisted or withdrawn) returns
with the next crawl.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from warcio.archiveiterator import ArchiveIterator

from archive.archive import Archive
from archive.capture_store import DOCUMENT_FACTS
from archive.models import Capture, Document
from archive.places import ensure_portal
from ingest.codings import decoded_body
from ingest.content import ParsedContent, charset_of, parse_content
from ingest.document import CaptureRef, DocumentFacts, ingest_document


def document_facts(archive: Archive) -> Iterator[DocumentFacts]:
    """Every document's facts as the crawls wrote them, in the order they were written."""
    for name in sorted(archive.warc_names()):
        with archive.open_warc(name) as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "metadata":
                    record.content_stream().read()
                    continue
                ctype = record.rec_headers.get_header("Content-Type") or ""
                body = record.content_stream().read()
                if ctype.startswith(DOCUMENT_FACTS):
                    yield DocumentFacts.from_dict(json.loads(body))


def rebuild_reports(
    sessions: sessionmaker[Session],
    archive: Archive,
    progress: Callable[[], None] | None = None,
    limits: Any = None,
) -> dict[str, Any]:
    """Documents, reports and versions from the archive's facts and captures.

    Each payload is parsed once, under ``limits`` (``[limits]`` of nianbao.toml).
    """
    parsed: dict[str, ParsedContent] = {}  # one parse per payload
    outcomes: Counter[str] = Counter()
    documents = 0
    for facts in document_facts(archive):
        with sessions() as session:
            if session.scalars(select(Document.id).where(Document.url == facts.url)).first():
                continue  # known already (a database that was not lost, or a second run)
            documents += 1
            if facts.portal_url:
                portal, _ = ensure_portal(
                    session,
                    facts.portal_code,
                    facts.portal_name,
                    facts.portal_level,
                    facts.portal_parent_code,
                    facts.portal_url,
                )
                facts = DocumentFacts.from_dict(facts.as_dict() | {"portal_id": portal.id})
            for cap in _captures(session, facts.url):
                content = None
                if not facts.body_is_attachment:  # a 304 holds the payload it confirmed
                    content = parsed.get(cap.sha256) or _parse(archive, cap, facts.url, limits)
                    if content is not None:
                        parsed[cap.sha256] = content
                status = 200 if cap.status == 304 else cap.status
                done = ingest_document(
                    session,
                    facts,
                    CaptureRef(cap.id, cap.sha256, status),
                    content,
                    cap.crawl_id,
                    now=cap.fetched_at,
                )
                if done.outcome:
                    outcomes[done.outcome] += 1
            session.commit()
        if progress is not None:
            progress()
    return {
        "documents": documents,
        **{k: outcomes.get(k, 0) for k in ("new", "revised", "unchanged")},
    }


def _captures(session: Session, url: str) -> list[Capture]:
    return list(
        session.scalars(
            select(Capture)
            .where(Capture.url == url, Capture.method == "GET")
            .where((Capture.status < 300) | (Capture.status == 304))
            .order_by(Capture.fetched_at, Capture.id)
        )
    )


def _parse(archive: Archive, cap: Capture, url: str, limits: Any) -> ParsedContent | None:
    try:
        body = decoded_body(archive.get_blob(cap.sha256), cap.response_headers)
    except ValueError:  # a compression bomb kept as it came: archived, never inflated
        return None
    name = url.rsplit("/", 1)[-1] or "index.html"
    return parse_content(body, name, cap.content_type, charset_of(cap.response_headers), limits)
