"""Record one HTTP exchange: bytes into the blob store, a WARC record, then a capture row.

The order is what makes a crash harmless: the blob is stored under its name and
the WARC record fsynced (in the spool) before the row that points at them is
committed, so a capture row never points at bytes that are not kept.  A spooled
WARC file is stored in the archive when it rotates or the store closes, and one a
crash left behind is stored by the next store that opens the archive.  A payload
already archived becomes a ``revisit`` record and costs no second blob.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from archive.archive import Archive, open_archive
from archive.earlier_captures import EarlierCaptures
from archive.models import Capture
from archive.warc import DEFAULT_MAX_BYTES, RotatingWarcWriter
from archive.warc_records import HttpExchange

#: the content type of the metadata records that carry a document's facts
DOCUMENT_FACTS = "application/vnd.nianbao.document+json"
#: a report's change of presence (``archive.presence``), beside its last capture
PRESENCE_FACTS = "application/vnd.nianbao.presence+json"


def facts_uri(kind: str, url: str) -> str:
    """The WARC-Target-URI of a facts record about ``url``: a URN of its own, as Browsertrix's
    ``urn:pageinfo:`` and ``urn:text:`` records have.  pywb indexes metadata records as
    captures of their target: under the page's own URL, one written in the same second as
    a response of the page (its own, or the next crawl's) could be replayed in its place.
    Readers of the facts (``reindex``, ``rebuild``) find them by content type."""
    return f"urn:nianbao:{kind}:{url}"


@dataclass(frozen=True)
class CaptureJob:
    """One exchange to archive and what its row says of it (see ``CaptureStore.record``)."""

    ex: HttpExchange
    crawl_id: int | None = None
    portal_id: int | None = None
    validated_id: int | None = None


@dataclass(frozen=True)
class StoredCapture:
    """What the crawl needs to know about a capture it just made."""

    capture_id: int
    sha256: str
    new_payload: bool
    changed: bool | None
    warc_type: str
    #: when it was fetched: what the crawl records as the document's and version's sightings
    fetched_at: datetime | None = None


def content_type_of(headers: list[tuple[str, str]]) -> str | None:
    for name, value in headers:
        if name.lower() == "content-type":
            return value
    return None


class CaptureStore:
    """The archive's write side: one per process, used by the crawler and the tests."""

    def __init__(
        self,
        archive: Archive | Path | str,
        sessions: sessionmaker[Session],
        warc_max_bytes: int | None = None,
        robots: str = "obey",
    ) -> None:
        self.archive = archive if isinstance(archive, Archive) else open_archive(archive)
        self.archive.clean_temporaries()
        self.archive.recover_spool()
        self.warcs = RotatingWarcWriter(
            self.archive.spool,
            max_bytes=warc_max_bytes or DEFAULT_MAX_BYTES,
            on_complete=self.archive.store_warc,
            robots=robots,
        )
        self.sessions = sessions

    def record(
        self,
        ex: HttpExchange,
        crawl_id: int | None = None,
        portal_id: int | None = None,
        validated_id: int | None = None,
    ) -> StoredCapture:
        """Archive one exchange.

        ``validated_id`` is the capture whose validators (ETag, Last-Modified) the request
        sent; a 304 answer is then recorded as a not-modified revisit of that capture's
        payload, with its sha256 and size, so lookups show the content as unchanged.
        """
        return self.record_group([CaptureJob(ex, crawl_id, portal_id, validated_id)])[0]

    def record_group(self, jobs: Sequence[CaptureJob]) -> list[StoredCapture]:
        """Archive many exchanges as :meth:`record` does each, waiting on the disk once.

        The blobs are made durable together, the WARC records written and fsynced
        together, and only then are the capture rows committed, in one transaction: as
        for one exchange, no row is ever committed before the bytes it points at.
        """
        with self.sessions() as session:
            earlier = EarlierCaptures.read(
                session,
                (j.validated_id for j in jobs if j.validated_id),
                (j.ex.url for j in jobs),
            )
            validated = [earlier.validated.get(j.validated_id or 0) for j in jobs]
            not_modified = [
                j.ex.status == 304 and v is not None for j, v in zip(jobs, validated, strict=True)
            ]
            stored = self.archive.put_blobs(
                [j.ex.body for j, nm in zip(jobs, not_modified, strict=True) if not nm]
            )
            earlier.read_holders(
                session,
                [v.sha256 for v, nm in zip(validated, not_modified, strict=True) if nm and v]
                + [digest for digest, new in stored if not new],
            )
            blobs = iter(stored)
            rows: list[tuple[Capture, bool]] = []
            for job, held, nm in zip(jobs, validated, not_modified, strict=True):
                ex, crawl_id = job.ex, job.crawl_id
                if nm:
                    assert held is not None
                    digest, new_blob, size = held.sha256, False, held.size
                    holder = earlier.holder(digest) or held
                    revisit_of: tuple[str, datetime] | None = (holder.url, holder.fetched_at)
                    loc = self.warcs.write_exchange(
                        ex,
                        revisit_of,
                        not_modified_sha256=digest,
                        crawl_id=crawl_id,
                        refers_to=holder.warc_record_id,
                        sync=False,
                    )
                else:
                    digest, new_blob = next(blobs)
                    size = len(ex.body)
                    # bytes new to the blob store have no earlier record to refer to
                    first = None if new_blob else earlier.holder(digest)
                    revisit_of = (first.url, first.fetched_at) if first is not None else None
                    loc = self.warcs.write_exchange(
                        ex,
                        revisit_of=revisit_of,
                        crawl_id=crawl_id,
                        refers_to=first.warc_record_id if first is not None else None,
                        sync=False,
                    )
                row = Capture(
                    crawl_id=crawl_id,
                    portal_id=job.portal_id,
                    url=ex.url,
                    method=ex.method,
                    fetched_at=ex.fetched_at,
                    status=ex.status,
                    request_headers=[list(p) for p in ex.request_headers],
                    response_headers=[list(p) for p in ex.response_headers],
                    content_type=content_type_of(ex.response_headers)
                    or (held.content_type if held else None),
                    sha256=digest,
                    size=size,
                    warc_file=loc.filename,
                    warc_offset=loc.offset,
                    warc_length=loc.length,
                    warc_record_id=loc.record_id,
                    warc_type="revisit" if revisit_of else "response",
                    changed=earlier.changed(ex.url, ex.method, digest),
                )
                earlier.add(row)
                rows.append((row, new_blob))
            session.add_all([row for row, _ in rows])
            self.warcs.sync()
            session.commit()
            return [
                StoredCapture(row.id, row.sha256, new, row.changed, row.warc_type, row.fetched_at)
                for row, new in rows
            ]

    def annotate(self, capture_id: int, facts: dict[str, Any]) -> None:
        """Write what the crawl knew of a capture's document into the WARC files.

        Raw bytes are the truth and the database is derived from them: a document's
        facts (its portal, kind, title, year, organ) are judged by the crawl from the
        pages around it, so they go into the archive too, as a ``metadata`` record
        referring to the capture, and ``reindex`` can rebuild reports from WARC alone.
        """
        self.annotate_group([(capture_id, facts)])

    def annotate_group(self, notes: Sequence[tuple[int, dict[str, Any]]]) -> None:
        """:meth:`annotate` for many captures, with one fsync for all the records."""
        with self.sessions() as session:
            caps = [session.get(Capture, capture_id) for capture_id, _ in notes]
            where = [(c.url, c.warc_record_id) if c is not None else None for c in caps]
        for place, (_, facts) in zip(where, notes, strict=True):
            if place is None:
                continue
            payload = json.dumps(facts, ensure_ascii=False, sort_keys=True).encode("utf-8")
            uri = facts_uri("document", place[0])
            self.warcs.write_metadata(
                uri, place[1], payload, DOCUMENT_FACTS, datetime.now(UTC), sync=False
            )
        self.warcs.sync()

    def record_presence(self, fact: dict[str, Any], capture_id: int | None) -> None:
        """Write a report's change of presence into the WARC files (``archive.presence``)."""
        with self.sessions() as session:
            cap = session.get(Capture, capture_id) if capture_id is not None else None
            if cap is None:
                return
            url, record_id = cap.url, cap.warc_record_id
        payload = json.dumps(fact, ensure_ascii=False, sort_keys=True).encode("utf-8")
        uri = facts_uri("presence", url)
        self.warcs.write_metadata(uri, record_id, payload, PRESENCE_FACTS, datetime.now(UTC))

    def close(self) -> None:
        self.warcs.close()
