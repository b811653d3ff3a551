"""The ORM classes, mapped onto the Core tables of ``archive.schema``.

The schema itself (columns, types, indexes, constraints) is stated once, in
``archive.schema``; a class here only names the Python types its rows carry.
Code that builds and changes rows (ingest, the crawl, alerts) uses these
classes; plain reads can use the tables without importing the ORM at all.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import DeclarativeBase, Mapped

from archive import schema


class Base(DeclarativeBase):
    metadata = schema.metadata


class Region(Base):
    """A GB/T 2260 division (or a 街道/乡镇 with a longer code)."""

    __table__ = schema.regions
    code: Mapped[str]
    name: Mapped[str]
    level: Mapped[str]
    parent_code: Mapped[str | None]
    full_name: Mapped[str | None]
    valid_from: Mapped[int | None]
    valid_to: Mapped[int | None]
    superseded_by: Mapped[str | None]


class Portal(Base):
    """A government web site to crawl, tied to the region whose body runs it."""

    __table__ = schema.portals
    id: Mapped[int]
    region_code: Mapped[str]
    name: Mapped[str]
    url: Mapped[str]
    platform: Mapped[str | None]
    url_source: Mapped[str | None]
    evidence: Mapped[dict[str, Any] | None]
    columns: Mapped[dict[str, Any] | None]


class Organ(Base):
    """A publishing body: a government, a department, a 街道/乡镇."""

    __table__ = schema.organs
    id: Mapped[int]
    region_code: Mapped[str | None]
    name: Mapped[str]


class Crawl(Base):
    """One crawl pass; its summary is kept for the record and for alerts on silence."""

    __table__ = schema.crawls
    id: Mapped[int]
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str]
    seeds: Mapped[str | None]
    owner: Mapped[str | None]
    parent_id: Mapped[int | None]
    summary: Mapped[dict[str, Any] | None]


class Capture(Base):
    """One HTTP response as fetched: metadata here, bytes in the blob store and a WARC file."""

    __table__ = schema.captures
    id: Mapped[int]
    crawl_id: Mapped[int | None]
    portal_id: Mapped[int | None]
    url: Mapped[str]
    method: Mapped[str]
    fetched_at: Mapped[datetime]
    status: Mapped[int]
    request_headers: Mapped[list[Any]]
    response_headers: Mapped[list[Any]]
    content_type: Mapped[str | None]
    sha256: Mapped[str]
    size: Mapped[int]
    warc_file: Mapped[str]
    warc_offset: Mapped[int]
    warc_length: Mapped[int]
    warc_record_id: Mapped[str]
    warc_type: Mapped[str]
    changed: Mapped[bool | None]
    parse_error: Mapped[str | None]
    parse_error_version: Mapped[str | None]


class Document(Base):
    """A URL that holds a report or part of one (an article page or its attachment)."""

    __table__ = schema.documents
    id: Mapped[int]
    url: Mapped[str]
    portal_id: Mapped[int | None]
    kind: Mapped[str]
    title: Mapped[str | None]
    parent_id: Mapped[int | None]
    report_id: Mapped[int | None]
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]


class Report(Base):
    """One organ's report on one year, whatever URLs and versions it has."""

    __table__ = schema.reports
    id: Mapped[int]
    organ_id: Mapped[int]
    year: Mapped[int | None]
    title: Mapped[str | None]
    status: Mapped[str]


class ReportVersion(Base):
    """A distinct content of a report; a new row whenever the meaning changes."""

    __table__ = schema.report_versions
    id: Mapped[int]
    report_id: Mapped[int]
    capture_id: Mapped[int]
    document_id: Mapped[int | None]
    content_hash: Mapped[str]
    sha256: Mapped[str]
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]
    parser_version: Mapped[str | None]
    parsed: Mapped[dict[str, Any] | None]
    text: Mapped[str | None]


class ParsedCell(Base):
    """One cell of a version's ``report/1``, for queries and exports across reports."""

    __table__ = schema.parsed_cells
    id: Mapped[int]
    version_id: Mapped[int]
    cell: Mapped[str]
    value: Mapped[float | None]


class Alert(Base):
    """A change worth telling people about: new, revised, withdrawn, restored.

    Alerts about a report that is *not* there (overdue, no_reports) or about a
    portal (portal_moved) have no report: they name the region, the year and,
    for overdue, the organ instead.
    """

    __table__ = schema.alerts
    id: Mapped[int]
    kind: Mapped[str]
    report_id: Mapped[int | None]
    region_code: Mapped[str | None]
    organ_id: Mapped[int | None]
    year: Mapped[int | None]
    version_id: Mapped[int | None]
    crawl_id: Mapped[int | None]
    created_at: Mapped[datetime]
    details: Mapped[dict[str, Any] | None]


class AlertDelivery(Base):
    """One alert sent (or still to send) to one target of one channel.

    A row is created at the first attempt and kept: while ``status`` is
    ``pending`` the next ``nianbao notify`` tries again, so a failed delivery
    never loses the alert.  ``history`` holds every attempt with its outcome.
    """

    __table__ = schema.alert_deliveries
    id: Mapped[int]
    alert_id: Mapped[int]
    channel: Mapped[str]
    target: Mapped[str]
    attempts: Mapped[int]
    status: Mapped[str]
    last_error: Mapped[str | None]
    delivered_at: Mapped[datetime | None]
    history: Mapped[list[Any]]


class ListEntry(Base):
    """What a portal's list said about one link last time (its text, title and date, hashed).

    The nightly crawl re-checks a known report at once when its list entry
    changed (a new title, a new date: a revision announced on the list), and
    otherwise only on its rolling schedule; this row is what it compares with.
    """

    __table__ = schema.list_entries
    id: Mapped[int]
    url: Mapped[str]
    portal_id: Mapped[int | None]
    entry: Mapped[str]
    seen_at: Mapped[datetime]
