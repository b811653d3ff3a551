"""Rebuild the capture index from the WARC files alone (``nianbao reindex``).

The WARC files are the archive's ground truth: every response and revisit record
names its URL, time, HTTP status and headers and payload digest, and the request
record after it says how it was asked.  Reading them in the order they were
written recreates the capture rows as the crawl made them (same order, same
``changed`` flags), restores any blob a response's payload should have left, and
skips records already indexed, so running it twice changes nothing.  Reports and
versions are not touched here: ``reparse`` rebuilds them from these captures.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker
from warcio.archiveiterator import ArchiveIterator

from archive.archive import Archive
from archive.capture_store import content_type_of
from archive.gzip_members import gzip_members
from archive.models import Capture, Crawl
from archive.warc_records import CRAWL_HEADER, NOT_MODIFIED_HEADER, parse_not_modified_fields

HTTP_METHODS = {"GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH"}


@dataclass
class ReindexReport:
    warc_files: int = 0
    records: int = 0
    added: int = 0
    known: int = 0
    blobs_restored: int = 0
    crawls_restored: int = 0
    problems: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": not self.problems,
            "warc_files": self.warc_files,
            "records": self.records,
            "captures_added": self.added,
            "captures_known": self.known,
            "blobs_restored": self.blobs_restored,
            "crawls_restored": self.crawls_restored,
            "problems": self.problems,
        }


def hex_of_digest(value: str | None) -> str | None:
    """``sha256:BASE32`` (or ``sha256:HEX``) as lowercase hex; None for other algorithms."""
    if not value or not value.lower().startswith("sha256:"):
        return None
    body = value.split(":", 1)[1]
    if len(body) == 64:
        return body.lower()
    try:
        return base64.b32decode(body.upper()).hex()
    except ValueError:
        return None


def warc_time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)


@dataclass
class _Pending:
    """A response or revisit record waiting for the request record that follows it."""

    row: dict[str, Any]
    record_id: str
    payload: bytes | None


def reindex_archive(sessions: sessionmaker[Session], archive: Archive) -> ReindexReport:
    """Recreate the capture rows of every stored WARC file; restore missing blobs."""
    report = ReindexReport()
    for name in archive.warc_names():
        report.warc_files += 1
        try:
            _reindex_file(sessions, archive, name, report)
        except Exception as exc:  # one bad file must not stop the others
            report.problems.append(f"WARC {name}: {type(exc).__name__}: {exc}")
    return report


def _reindex_file(
    sessions: sessionmaker[Session], archive: Archive, name: str, report: ReindexReport
) -> None:
    with archive.open_warc(name) as fh:
        lengths = dict(gzip_members(fh.read))
    with sessions() as session:
        known = set(session.scalars(select(Capture.warc_offset).where(Capture.warc_file == name)))
        pending: _Pending | None = None
        with archive.open_warc(name) as fh:
            it = ArchiveIterator(fh)
            for record in it:
                kind = record.rec_type
                # the payload first: asking the offset reads the record to its end
                read = kind in ("response", "metadata")
                payload = _read_all(record.raw_stream) if read else None
                offset = it.get_record_offset()
                report.records += 1
                if kind in ("request", "metadata"):
                    if pending is not None and pending.record_id == record.rec_headers.get_header(
                        "WARC-Concurrent-To"
                    ):
                        if kind == "request":
                            _add_request(pending, record)
                        else:
                            _add_not_modified_headers(pending, payload or b"")
                    continue
                if pending is not None:
                    _insert(session, archive, pending, report)
                    pending = None
                if kind not in ("response", "revisit"):
                    continue
                if offset in known:
                    report.known += 1
                    continue
                pending = _pending(record, payload, name, offset, lengths.get(offset, 0))
        if pending is not None:
            _insert(session, archive, pending, report)
        session.commit()


def _pending(record: Any, payload: bytes | None, name: str, offset: int, length: int) -> _Pending:
    h = record.rec_headers
    http = record.http_headers
    sha = hex_of_digest(h.get_header("WARC-Payload-Digest"))
    if payload is not None and sha is None:
        sha = hashlib.sha256(payload).hexdigest()
    crawl = h.get_header(CRAWL_HEADER)
    headers = [list(p) for p in http.headers] if http is not None else []
    not_modified = h.get_header(NOT_MODIFIED_HEADER)
    code = http.get_statuscode() if http is not None else None
    status = int(not_modified.split()[0]) if not_modified else int(code) if code else 200
    row = {
        "crawl_id": int(crawl) if crawl and crawl.isdigit() else None,
        "url": h.get_header("WARC-Target-URI"),
        "method": "GET",
        "fetched_at": warc_time(h.get_header("WARC-Date")),
        "status": status,
        "request_headers": [],
        "response_headers": headers,
        "content_type": content_type_of([(k, v) for k, v in headers]),
        "sha256": sha or "",
        "size": len(payload) if payload is not None else -1,
        "warc_file": name,
        "warc_offset": offset,
        "warc_length": length,
        "warc_record_id": h.get_header("WARC-Record-ID"),
        "warc_type": record.rec_type,
    }
    return _Pending(row, row["warc_record_id"], payload)


def _read_all(stream: Any) -> bytes:
    """Every byte of a record's payload (one ``read()`` may stop at a gzip block)."""
    parts = []
    while piece := stream.read(1024 * 1024):
        parts.append(piece)
    return b"".join(parts)


def _add_not_modified_headers(pending: _Pending, block: bytes) -> None:
    """A 304's own headers, kept in the ``metadata`` record after its revisit."""
    _status, headers = parse_not_modified_fields(block)
    pending.row["response_headers"] = [list(p) for p in headers]
    pending.row["content_type"] = content_type_of(headers)


def _add_request(pending: _Pending, record: Any) -> None:
    http = record.http_headers
    if http is None:
        return
    line = f"{http.protocol or ''} {http.statusline or ''}".split()
    method = next((t for t in line if t.upper() in HTTP_METHODS), None)
    if method:
        pending.row["method"] = method.upper()
    pending.row["request_headers"] = [list(p) for p in http.headers]


def _insert(session: Session, archive: Archive, p: _Pending, report: ReindexReport) -> None:
    row = p.row
    if len(row["sha256"]) != 64:
        report.problems.append(f"{row['warc_file']}@{row['warc_offset']}: no sha256 digest")
        return
    if p.payload is not None and not archive.has_blob(row["sha256"]):
        if hashlib.sha256(p.payload).hexdigest() != row["sha256"]:
            report.problems.append(
                f"{row['warc_file']}@{row['warc_offset']}: payload does not hash to its digest"
            )
        else:
            archive.put_blob(p.payload)
            report.blobs_restored += 1
    if row["size"] < 0 or row["content_type"] is None:
        earlier = session.scalars(
            select(Capture).where(Capture.sha256 == row["sha256"]).order_by(Capture.id).limit(1)
        ).first()
        if row["size"] < 0:
            row["size"] = earlier.size if earlier is not None else 0
        if row["content_type"] is None and earlier is not None and row["status"] == 304:
            row["content_type"] = earlier.content_type
    previous = session.scalars(
        select(Capture.sha256)
        .where(Capture.url == row["url"], Capture.method == row["method"], Capture.status < 400)
        .order_by(Capture.fetched_at.desc(), Capture.id.desc())
        .limit(1)
    ).first()
    row["changed"] = None if previous is None else previous != row["sha256"]
    if row["crawl_id"] is not None:
        _ensure_crawl(session, row["crawl_id"], row["fetched_at"], report)
    session.add(Capture(**row))
    session.flush()
    report.added += 1


def _ensure_crawl(session: Session, crawl_id: int, moment: datetime, report: ReindexReport) -> None:
    crawl = session.get(Crawl, crawl_id)
    if crawl is None:
        session.add(
            Crawl(
                id=crawl_id,
                started_at=moment,
                finished_at=moment,
                status="finished",
                seeds="(restored by reindex)",
            )
        )
        session.flush()
        report.crawls_restored += 1
    elif crawl.seeds == "(restored by reindex)":
        crawl.finished_at = moment
