"""The database schema as SQLAlchemy Core tables: the one place that says what is stored.

Captures, versions and alerts are appended, never updated in place: the
history is the product.  The tables are plain Core so that a read that needs
no ORM (``nianbao lookup``, the lookup service) never pays for importing and
configuring it; ``archive.models`` maps its classes onto these very tables.
One naming convention so that Alembic's autogenerate and ``alembic check`` see
stable constraint names on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


def _moment(name: str, *, nullable: bool = False, index: bool = False) -> Column[object]:
    return Column(name, DateTime(timezone=True), nullable=nullable, index=index)


#: a GB/T 2260 division (or a 街道/乡镇 with a longer code)
regions = Table(
    "regions",
    metadata,
    Column("code", String(20), primary_key=True),
    Column("name", String(100), nullable=False, index=True),
    Column("level", String(20), nullable=False),
    Column("parent_code", String(20), index=True),
    Column("full_name", String(200)),
    Column("valid_from", Integer),
    Column("valid_to", Integer),
    Column("superseded_by", String(20)),
)

#: a government web site to crawl, tied to the region whose body runs it; ``url_source``
#: says where the URL came from (seed, discovered, shipped), ``evidence`` for a discovered
#: URL the page that linked it and the link text
portals = Table(
    "portals",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("region_code", ForeignKey("regions.code"), nullable=False, index=True),
    Column("name", String(200), nullable=False),
    Column("url", String(2000), nullable=False, unique=True),
    Column("platform", String(40)),
    Column("url_source", String(20)),
    Column("evidence", JSON),
    #: the pages its 年报 lists were read from on the last walk from its home page, and
    #: that walk's night: ``{"pages": [[url, role], ...], "walked": "YYYY-MM-DD"}``, so
    #: that a quiet night starts there (crawler/night_start.py)
    Column("columns", JSON),
)

#: a publishing body: a government, a department, a 街道/乡镇
organs = Table(
    "organs",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("region_code", ForeignKey("regions.code"), index=True),
    Column("name", String(200), nullable=False),
    UniqueConstraint("region_code", "name"),
)

#: one crawl pass; ``owner`` is the process running it (``host:pid:start``: only a dead
#: owner's crawl is resumed), ``parent_id`` the crawl a cluster batch belongs to
crawls = Table(
    "crawls",
    metadata,
    Column("id", Integer, primary_key=True),
    _moment("started_at"),
    _moment("finished_at", nullable=True),
    Column("status", String(20), nullable=False, default="running"),
    Column("seeds", Text),
    Column("owner", String(200)),
    Column("parent_id", ForeignKey("crawls.id"), index=True),
    Column("summary", JSON),
)

#: one HTTP response as fetched: metadata here, bytes in the blob store and a WARC file;
#: ``parse_error``/``parse_error_version``: why the document it holds could not be parsed
#: and by which parser version, so that no later crawl tries the same bytes again
captures = Table(
    "captures",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("crawl_id", ForeignKey("crawls.id"), index=True),
    Column("portal_id", ForeignKey("portals.id"), index=True),
    Column("url", String(2000), nullable=False),
    Column("method", String(10), nullable=False, default="GET"),
    _moment("fetched_at"),
    Column("status", Integer, nullable=False),
    Column("request_headers", JSON, nullable=False),
    Column("response_headers", JSON, nullable=False),
    Column("content_type", String(200)),
    Column("sha256", String(64), nullable=False, index=True),
    Column("size", BigInteger, nullable=False),
    Column("warc_file", String(200), nullable=False),
    Column("warc_offset", BigInteger, nullable=False),
    Column("warc_length", BigInteger, nullable=False),
    Column("warc_record_id", String(100), nullable=False),
    Column("warc_type", String(10), nullable=False),
    Column("changed", Boolean),
    Column("parse_error", Text),
    Column("parse_error_version", String(20)),
    Index("ix_captures_url_fetched", "url", "fetched_at"),
)

#: a URL that holds a report or part of one (``kind``: article page or attachment)
documents = Table(
    "documents",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2000), nullable=False, unique=True),
    Column("portal_id", ForeignKey("portals.id"), index=True),
    Column("kind", String(20), nullable=False),
    Column("title", String(500)),
    Column("parent_id", ForeignKey("documents.id")),
    Column("report_id", ForeignKey("reports.id"), index=True),
    _moment("first_seen"),
    _moment("last_seen"),
)

#: one organ's report on one year, whatever URLs and versions it has
reports = Table(
    "reports",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("organ_id", ForeignKey("organs.id"), nullable=False, index=True),
    Column("year", Integer, index=True),
    Column("title", String(500)),
    Column("status", String(20), nullable=False, default="present"),
    UniqueConstraint("organ_id", "year"),
)

#: a distinct content of a report; a new row whenever the meaning changes (``sha256``:
#: the bytes it was read from, so a crawl knows it parsed them before)
report_versions = Table(
    "report_versions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("report_id", ForeignKey("reports.id"), nullable=False, index=True),
    Column("capture_id", ForeignKey("captures.id"), nullable=False),
    Column("document_id", ForeignKey("documents.id"), index=True),
    Column("content_hash", String(64), nullable=False, index=True),
    Column("sha256", String(64), nullable=False, index=True),
    _moment("first_seen"),
    _moment("last_seen"),
    Column("parser_version", String(20)),
    Column("parsed", JSON),
    Column("text", Text),
)

#: one cell of a version's ``report/1``, for queries and exports across reports
parsed_cells = Table(
    "parsed_cells",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("version_id", ForeignKey("report_versions.id"), nullable=False, index=True),
    Column("cell", String(80), nullable=False, index=True),
    Column("value", Numeric(18, 4, asdecimal=False)),
    UniqueConstraint("version_id", "cell"),
)

#: a change worth telling people about; alerts about a report that is *not* there
#: (overdue, no_reports) or about a portal have no report, they name region, year, organ
alerts = Table(
    "alerts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(20), nullable=False, index=True),
    Column("report_id", ForeignKey("reports.id"), index=True),
    Column("region_code", String(20), index=True),
    Column("organ_id", ForeignKey("organs.id")),
    Column("year", Integer),
    Column("version_id", ForeignKey("report_versions.id")),
    Column("crawl_id", ForeignKey("crawls.id")),
    _moment("created_at", index=True),
    Column("details", JSON),
)

#: one alert sent (or still to send) to one target of one channel; kept while ``pending``
#: so that the next ``nianbao notify`` tries again, with every attempt in ``history``
alert_deliveries = Table(
    "alert_deliveries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("alert_id", ForeignKey("alerts.id"), nullable=False, index=True),
    Column("channel", String(20), nullable=False),
    Column("target", String(500), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("status", String(20), nullable=False, default="pending", index=True),
    Column("last_error", Text),
    _moment("delivered_at", nullable=True),
    Column("history", JSON, nullable=False, default=list),
    UniqueConstraint("alert_id", "channel", "target"),
)

#: what a portal's list said about one link last time (its text, title and date, hashed):
#: a changed entry makes the nightly crawl re-check the report at once
list_entries = Table(
    "list_entries",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("url", String(2000), nullable=False, unique=True),
    Column("portal_id", ForeignKey("portals.id"), index=True),
    Column("entry", String(64), nullable=False),
    _moment("seen_at"),
)
