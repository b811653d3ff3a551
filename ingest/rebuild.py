"""Reports and versions rebuilt from the archive alone, after the database was lost.

``reindex`` first recreates the capture rows from the WARC records; then the
crawl's own judgement of each document — its portal, kind, title, year and organ,
kept in the archive as a ``metadata`` record when the document was first seen —
is read back, and every capture of the document goes through ``ingest_document``
in the order it was fetched, as the crawls did.  Versions and their alerts come
back, and then what only a crawl's walk could tell — a report unlisted, gone,
withdrawn or restored — from the presence records the crawls wrote beside them.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, sessionmaker
from warcio.archiveiterator import ArchiveIterator

from archive.archive import Archive
from archive.capture_store import DOCUMENT_FACTS, PRESENCE_FACTS
from archive.models import Capture, Document
from archive.places import ensure_portal
from archive.presence import restore_presence
from ingest.codings import decoded_body
from ingest.content import ParsedContent, charset_of, parse_content
from ingest.document import CaptureRef, DocumentFacts, ingest_document


def archived_facts(archive: Archive, kind: str) -> Iterator[dict[str, Any]]:
    """The crawls' ``metadata`` records of one kind, in the order they were written."""
    for name in sorted(archive.warc_names()):
        with archive.open_warc(name) as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "metadata":
                    record.content_stream().read()
                    continue
                ctype = record.rec_headers.get_header("Content-Type") or ""
                body = record.content_stream().read()
                if ctype.startswith(kind):
                    yield json.loads(body)


def document_facts(archive: Archive) -> Iterator[DocumentFacts]:
    """Every document's facts as the crawls wrote them, in the order they were written."""
    for fact in archived_facts(archive, DOCUMENT_FACTS):
        yield DocumentFacts.from_dict(fact)


def rebuild_reports(
    sessions: sessionmaker[Session],
    archive: Archive,
    progress: Callable[[], None] | None = None,
    limits: Any = None,
) -> dict[str, Any]:
    """Documents, reports and versions from the archive's facts and captures.

    The captures of every document to rebuild go through ``ingest_document`` in the
    order they were fetched across documents, as the crawls took them, so versions
    and alerts come back in their order (and with their numbers, when the crawls ran
    one at a time).  Each payload is parsed once, under ``limits`` (``[limits]``).
    """
    parsed: dict[str, ParsedContent] = {}  # one parse per payload
    outcomes: Counter[str] = Counter()
    rebuilt: dict[str, DocumentFacts] = {}
    for facts in document_facts(archive):
        if facts.url in rebuilt:
            continue
        with sessions() as session:
            if session.scalars(select(Document.id).where(Document.url == facts.url)).first():
                continue  # known already (a database that was not lost, or a second run)
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
                session.commit()
        rebuilt[facts.url] = facts
    with sessions() as session:
        order = [(cid, url) for cid, url in session.execute(_fetch_order()) if url in rebuilt]
    for capture_id, url in order:
        facts = rebuilt[url]
        with sessions() as session:
            cap = session.get(Capture, capture_id)
            assert cap is not None
            content = None
            if not facts.body_is_attachment:  # a 304 holds the payload it confirmed
                content = parsed.get(cap.sha256) or _parse(archive, cap, url, limits)
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
    presence = 0
    with sessions() as session:  # only for reports rebuilt now: the others kept theirs
        for fact in archived_facts(archive, PRESENCE_FACTS):
            if rebuilt.keys() & set(fact.get("documents") or ()):
                presence += restore_presence(session, fact)
        session.commit()
    return {
        "documents": len(rebuilt),
        "presence_changes": presence,
        **{k: outcomes.get(k, 0) for k in ("new", "revised", "unchanged")},
    }


def _fetch_order() -> Select[int, str]:
    """Every capture that can hold a document's content, in the order it was fetched."""
    return (
        select(Capture.id, Capture.url)
        .where(Capture.method == "GET")
        .where((Capture.status < 300) | (Capture.status == 304))
        .order_by(Capture.fetched_at, Capture.id)
    )


def _parse(archive: Archive, cap: Capture, url: str, limits: Any) -> ParsedContent | None:
    try:
        body = decoded_body(archive.get_blob(cap.sha256), cap.response_headers)
    except ValueError:  # a compression bomb kept as it came: archived, never inflated
        return None
    name = url.rsplit("/", 1)[-1] or "index.html"
    return parse_content(body, name, cap.content_type, charset_of(cap.response_headers), limits)
