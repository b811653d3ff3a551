"""The database schema: what was fetched (captures) and what it means (reports, versions).

Captures, versions and alerts are appended, never updated in place: the
history is the product.  One declarative base with a naming convention so
that Alembic's autogenerate and ``alembic check`` see stable constraint names
on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}


class Region(Base):
    """A GB/T 2260 division (or a 街道/乡镇 with a longer code)."""

    __tablename__ = "regions"
    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    level: Mapped[str] = mapped_column(String(20))
    parent_code: Mapped[str | None] = mapped_column(String(20), index=True)
    full_name: Mapped[str | None] = mapped_column(String(200))
    valid_from: Mapped[int | None] = mapped_column(Integer)
    valid_to: Mapped[int | None] = mapped_column(Integer)
    superseded_by: Mapped[str | None] = mapped_column(String(20))


class Portal(Base):
    """A government web site to crawl, tied to the region whose body runs it."""

    __tablename__ = "portals"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str] = mapped_column(ForeignKey("regions.code"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    platform: Mapped[str | None] = mapped_column(String(40))
    #: where the URL came from: seed, discovered, shipped (None: older rows)
    url_source: Mapped[str | None] = mapped_column(String(20))
    #: for a discovered URL, the page that linked it and the link text
    evidence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: the pages its 年报 lists were read from on the last walk from its home page, and
    #: that walk's night: ``{"pages": [[url, role], ...], "walked": "YYYY-MM-DD"}``, so
    #: that a quiet night starts there (crawler/columns_memory.py)
    columns: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Organ(Base):
    """A publishing body: a government, a department, a 街道/乡镇."""

    __tablename__ = "organs"
    __table_args__ = (UniqueConstraint("region_code", "name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    region_code: Mapped[str | None] = mapped_column(ForeignKey("regions.code"), index=True)
    name: Mapped[str] = mapped_column(String(200))


class Crawl(Base):
    """One crawl pass; its summary is kept for the record and for alerts on silence."""

    __tablename__ = "crawls"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(20), default="running")
    seeds: Mapped[str | None] = mapped_column(Text)
    #: the process running it (``host:pid:start``); only a dead owner's crawl is resumed
    owner: Mapped[str | None] = mapped_column(String(200))
    #: a batch of a crawl spread over several machines points at that crawl
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("crawls.id"), index=True)
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Capture(Base):
    """One HTTP response as fetched: metadata here, bytes in the blob store and a WARC file."""

    __tablename__ = "captures"
    __table_args__ = (Index("ix_captures_url_fetched", "url", "fetched_at"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    crawl_id: Mapped[int | None] = mapped_column(ForeignKey("crawls.id"), index=True)
    portal_id: Mapped[int | None] = mapped_column(ForeignKey("portals.id"), index=True)
    url: Mapped[str] = mapped_column(String(2000))
    method: Mapped[str] = mapped_column(String(10), default="GET")
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[int] = mapped_column(Integer)
    request_headers: Mapped[list[Any]] = mapped_column(JSON)
    response_headers: Mapped[list[Any]] = mapped_column(JSON)
    content_type: Mapped[str | None] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    warc_file: Mapped[str] = mapped_column(String(200))
    warc_offset: Mapped[int] = mapped_column(BigInteger)
    warc_length: Mapped[int] = mapped_column(BigInteger)
    warc_record_id: Mapped[str] = mapped_column(String(100))
    warc_type: Mapped[str] = mapped_column(String(10))
    changed: Mapped[bool | None] = mapped_column(Boolean)
    #: why the document it holds could not be parsed (``too large: …``), and by which
    #: parser version: a resumed or later crawl does not try the same bytes again
    parse_error: Mapped[str | None] = mapped_column(Text)
    parse_error_version: Mapped[str | None] = mapped_column(String(20))


class Document(Base):
    """A URL that holds a report or part of one (an article page or its attachment)."""

    __tablename__ = "documents"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    portal_id: Mapped[int | None] = mapped_column(ForeignKey("portals.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))  # article | attachment
    title: Mapped[str | None] = mapped_column(String(500))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"))
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Report(Base):
    """One organ's report on one year, whatever URLs and versions it has."""

    __tablename__ = "reports"
    __table_args__ = (UniqueConstraint("organ_id", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    organ_id: Mapped[int] = mapped_column(ForeignKey("organs.id"), index=True)
    year: Mapped[int | None] = mapped_column(Integer, index=True)
    title: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20), default="present")


class ReportVersion(Base):
    """A distinct content of a report; a new row whenever the meaning changes."""

    __tablename__ = "report_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    report_id: Mapped[int] = mapped_column(ForeignKey("reports.id"), index=True)
    capture_id: Mapped[int] = mapped_column(ForeignKey("captures.id"))
    document_id: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    content_hash: Mapped[str] = mapped_column(String(64), index=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)  # "parsed before?" per item
    first_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_seen: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    parser_version: Mapped[str | None] = mapped_column(String(20))
    parsed: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    text: Mapped[str | None] = mapped_column(Text)


class ParsedCell(Base):
    """One cell of a version's ``report/1``, for queries and exports across reports."""

    __tablename__ = "parsed_cells"
    __table_args__ = (UniqueConstraint("version_id", "cell"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("report_versions.id"), index=True)
    cell: Mapped[str] = mapped_column(String(80), index=True)
    value: Mapped[float | None] = mapped_column(Numeric(18, 4, asdecimal=False))


class Alert(Base):
    """A change worth telling people about: new, revised, withdrawn, restored.

    Alerts about a report that is *not* there (overdue, no_reports) or about a
    portal (portal_moved) have no report: they name the region, the year and,
    for overdue, the organ instead.
    """

    __tablename__ = "alerts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(20), index=True)
    report_id: Mapped[int | None] = mapped_column(ForeignKey("reports.id"), index=True)
    region_code: Mapped[str | None] = mapped_column(String(20), index=True)
    organ_id: Mapped[int | None] = mapped_column(ForeignKey("organs.id"))
    year: Mapped[int | None] = mapped_column(Integer)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("report_versions.id"))
    crawl_id: Mapped[int | None] = mapped_column(ForeignKey("crawls.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    details: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class AlertDelivery(Base):
    """One alert sent (or still to send) to one target of one channel.

    A row is created at the first attempt and kept: while ``status`` is
    ``pending`` the next ``nianbao notify`` tries again, so a failed delivery
    never loses the alert.  ``history`` holds every attempt with its outcome.
    """

    __tablename__ = "alert_deliveries"
    __table_args__ = (UniqueConstraint("alert_id", "channel", "target"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    alert_id: Mapped[int] = mapped_column(ForeignKey("alerts.id"), index=True)
    channel: Mapped[str] = mapped_column(String(20))  # webhook | email
    target: Mapped[str] = mapped_column(String(500))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    last_error: Mapped[str | None] = mapped_column(Text)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    history: Mapped[list[Any]] = mapped_column(JSON, default=list)


class ListEntry(Base):
    """What a portal's list said about one link last time (its text, title and date, hashed).

    The nightly crawl re-checks a known report at once when its list entry
    changed (a new title, a new date: a revision announced on the list), and
    otherwise only on its rolling schedule; this row is what it compares with.
    """

    __tablename__ = "list_entries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    url: Mapped[str] = mapped_column(String(2000), unique=True)
    portal_id: Mapped[int | None] = mapped_column(ForeignKey("portals.id"), index=True)
    entry: Mapped[str] = mapped_column(String(64))
    seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
