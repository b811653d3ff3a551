"""Report identity and versions: which organ's report on which year a document holds.

A report is one organ's report on one year.  A new version is recorded only
when a source's meaning changed (its parsed cells, else its main text), so a
visit counter that moved is not a revision; every capture is kept anyway.
Versions are appended, never edited, and each new one raises its alert.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

from sqlalchemy import insert, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, defer

from archive.models import (
    Alert,
    Document,
    Organ,
    ParsedCell,
    Portal,
    Region,
    Report,
    ReportVersion,
)


@dataclass(frozen=True)
class SourceContent:
    """What one capture of a source says: parsed report (if any) and its main text."""

    capture_id: int
    sha256: str
    parsed: dict[str, Any] | None
    text: str | None
    parser_version: str | None = None

    def content_hash(self) -> str:
        basis: dict[str, Any] = {}
        cells = (self.parsed or {}).get("cells") or {}
        if any(v is not None for v in cells.values()):
            basis["cells"] = cells
        if self.text and self.text.strip():
            basis["text"] = " ".join(self.text.split())
        if not basis:  # nothing read from it: the bytes are its meaning
            basis["sha256"] = self.sha256
        raw = json.dumps(basis, sort_keys=True, ensure_ascii=False).encode("utf-8")
        return hashlib.sha256(raw).hexdigest()


_M = TypeVar("_M", Region, Portal, Organ, Report, Document)


def insert_or_get(
    session: Session, model: type[_M], keys: dict[str, Any], values: dict[str, Any]
) -> tuple[_M, bool]:
    """The row with these unique ``keys``, inserted with ``values`` if absent; True if new.

    Many writers (crawl processes, cluster workers) may create the same organ, report or
    document at once.  Looking first and inserting after is a race; the unique
    constraint decides instead: ``INSERT … ON CONFLICT DO NOTHING RETURNING`` (SQLite
    and PostgreSQL alike) gives the new row, or nothing when another writer's won, which
    is then read.  The session's transaction goes on either way, so nothing else done in
    it is lost to an integrity error.
    """
    query = select(model).filter_by(**keys)
    found = session.scalars(query).first()
    if found is not None:
        return found, False
    dialect = session.get_bind().dialect.name
    insert = pg_insert if dialect == "postgresql" else sqlite_insert
    stmt = insert(model).values(**keys, **values).on_conflict_do_nothing(index_elements=list(keys))
    made = session.scalars(stmt.returning(model)).first()
    if made is not None:
        return made, True
    return session.scalars(query).one(), False


def get_or_create_organ(session: Session, region_code: str | None, name: str) -> Organ:
    organ, _ = insert_or_get(session, Organ, {"region_code": region_code, "name": name}, {})
    return organ


def get_or_create_report(
    session: Session, organ: Organ, year: int | None, title: str | None
) -> tuple[Report, bool]:
    return insert_or_get(
        session, Report, {"organ_id": organ.id, "year": year}, {"title": title, "status": "present"}
    )


def get_or_create_document(
    session: Session,
    url: str,
    *,
    portal_id: int | None,
    kind: str,
    title: str | None,
    parent_id: int | None,
    now: datetime,
) -> tuple[Document, bool]:
    values = {
        "portal_id": portal_id,
        "kind": kind,
        "title": title,
        "parent_id": parent_id,
        "first_seen": now,
        "last_seen": now,
    }
    return insert_or_get(session, Document, {"url": url}, values)


def changed_cells(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[dict[str, Any]]:
    a = (old or {}).get("cells") or {}
    b = (new or {}).get("cells") or {}
    return [
        {"cell": k, "old": a.get(k), "new": b.get(k)}
        for k in sorted(set(a) | set(b))
        if a.get(k) != b.get(k)
    ]


def record_version(
    session: Session,
    report: Report,
    document: Document,
    content: SourceContent,
    crawl_id: int | None,
    now: datetime | None = None,
    revision_kind: str = "revised",
    new_report: bool = False,
) -> tuple[ReportVersion, str | None]:
    """Link a capture to its version; returns the version and the alert kind raised, if any.

    Content of the same meaning read by a newer parser (``reparse``) refreshes the
    version's parse (its flags, say) in place: the version still means what it meant.
    A changed meaning is a new version with a ``revision_kind`` alert.  A report row
    made just now (``new_report``) has no versions or alerts to look for.
    """
    now = now or datetime.now(UTC)
    digest = content.content_hash()
    latest = None if new_report else _latest(session, report.id)
    own = None if new_report else _latest(session, report.id, document.id)
    if own is not None and own.content_hash == digest:
        own.last_seen = max(_aware(own.last_seen), now)
        if content.parser_version and own.parser_version != content.parser_version:
            own.parsed, own.text = content.parsed, content.text
            own.parser_version = content.parser_version
        return own, None
    if own is None and not new_report:
        known = session.scalars(
            select(ReportVersion)
            .options(*_LIGHT)
            .where(ReportVersion.report_id == report.id, ReportVersion.content_hash == digest)
            .limit(1)
        ).first()
        if known is not None:  # the same content at another of the report's URLs
            known.last_seen = now
            return known, None
    version = ReportVersion(
        report_id=report.id,
        capture_id=content.capture_id,
        document_id=document.id,
        content_hash=digest,
        sha256=content.sha256,
        first_seen=now,
        last_seen=now,
        parser_version=content.parser_version,
        parsed=content.parsed,
        text=content.text,
    )
    session.add(version)
    session.flush()
    _insert_cells(session, version.id, (content.parsed or {}).get("cells") or {})
    kind = revision_kind if latest is not None else "new"
    if crawl_id is not None and not new_report and _alerted(session, report.id, crawl_id):
        return version, None  # one alert per report and crawl: a second source is no revision
    details: dict[str, Any] = {"url": document.url, "title": report.title}
    if latest is not None:
        details["changed_cells"] = changed_cells(latest.parsed, content.parsed)
        details["previous_version"] = latest.id
    session.add(
        Alert(
            kind=kind,
            report_id=report.id,
            version_id=version.id,
            crawl_id=crawl_id,
            created_at=now,
            details=details,
        )
    )
    return version, kind


def _insert_cells(session: Session, version_id: int, cells: dict[str, Any]) -> None:
    """A version's cells in one executemany INSERT on the table: a report has hundreds of
    cells, and one ORM object each (identity map, flush bookkeeping) was most of a crawled
    report's cost; the ORM's bulk insert still handled every row as the entity's (some
    1.8 times the table's own executemany).  Nothing reads them back through the session."""
    rows = [{"version_id": version_id, "cell": c, "value": v} for c, v in cells.items()]
    if rows:
        session.execute(insert(ParsedCell.__table__), rows)


#: a version's parse and text (hundreds of cells of JSON) are read only when used
_LIGHT = (defer(ReportVersion.parsed), defer(ReportVersion.text))


def _latest(
    session: Session, report_id: int, document_id: int | None = None
) -> ReportVersion | None:
    query = select(ReportVersion).options(*_LIGHT).where(ReportVersion.report_id == report_id)
    if document_id is not None:
        query = query.where(ReportVersion.document_id == document_id)
    return session.scalars(query.order_by(ReportVersion.id.desc()).limit(1)).first()


def _alerted(session: Session, report_id: int, crawl_id: int) -> bool:
    return (
        session.scalars(
            select(Alert.id).where(Alert.report_id == report_id, Alert.crawl_id == crawl_id)
        ).first()
        is not None
    )


def _aware(moment: datetime) -> datetime:
    """SQLite hands times back naive; they were stored as UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
