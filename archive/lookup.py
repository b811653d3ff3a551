"""Read side of the archive: captures of a URL, reports of a region.

Plain Core reads on ``archive.schema``'s tables, through a connection or a
session alike: ``nianbao lookup`` never imports or configures the ORM, which
would cost it more than the query does.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Row, or_, select

from archive.archive import Archive, open_archive
from archive.schema import captures, documents, organs, regions, report_versions, reports

if TYPE_CHECKING:
    from sqlalchemy import Connection
    from sqlalchemy.orm import Session

    Reader = Connection | Session


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def url_variants(url: str) -> list[str]:
    """The URL as given and with/without a trailing slash, so ``…/`` finds ``…``."""
    variants = [url]
    variants.append(url[:-1] if url.endswith("/") else url + "/")
    return variants


def captures_for_url(
    session: Reader, url: str, archive: Archive | Path | str
) -> list[dict[str, Any]]:
    """Every capture of ``url``, oldest first, with where its bytes are (path or s3:// URL)."""
    rows = session.execute(
        select(captures)
        .where(captures.c.url.in_(url_variants(url)))
        .order_by(captures.c.fetched_at, captures.c.id)
    ).all()
    if not isinstance(archive, Archive):
        archive = open_archive(archive)
    return [
        {
            "id": c.id,
            "url": c.url,
            "time": _iso(c.fetched_at),
            "status": c.status,
            "content_type": c.content_type,
            "sha256": c.sha256,
            "size": c.size,
            "changed": c.changed,
            "blob": archive.blob_location(c.sha256),
            "warc": {
                "file": archive.warc_location(c.warc_file),
                "offset": c.warc_offset,
                "length": c.warc_length,
                "record_type": c.warc_type,
                "record_id": c.warc_record_id,
            },
            "crawl_id": c.crawl_id,
        }
        for c in rows
    ]


def resolve_region(session: Reader, code_or_name: str) -> Row[Any] | None:
    """A region's row by code (superseded codes follow their successor) or by (short) name.

    A name the registry knows is resolved by the registry's index (a name shared
    by several regions, 南山区, resolves to none); other names by the database's.
    """
    from registry.regions import candidates

    def by_code(code: str) -> Row[Any] | None:
        return session.execute(select(regions).where(regions.c.code == code)).first()

    key = code_or_name.strip()
    known = candidates(key)
    if len(known) > 1:
        return None
    if known:
        found = by_code(known[0].code)
        if found is not None:
            return found
    region = by_code(key)
    while region is not None and region.superseded_by:
        nxt = by_code(region.superseded_by)
        if nxt is None:
            break
        region = nxt
    if region is not None:
        return region
    matches = session.execute(
        select(regions).where(or_(regions.c.name == key, regions.c.full_name == key))
    ).all()
    if not matches:
        matches = session.execute(select(regions).where(regions.c.name.startswith(key))).all()
    return matches[0] if len(matches) == 1 else None


def region_and_descendants(session: Reader, root: str) -> list[str]:
    codes, frontier = [root], [root]
    while frontier:
        children: list[str] = list(
            session.execute(select(regions.c.code).where(regions.c.parent_code.in_(frontier)))
            .scalars()
            .all()
        )
        frontier = [c for c in children if c not in codes]
        codes.extend(frontier)
    return codes


def reports_for_region(
    session: Reader, region_code: str, year: int | None = None
) -> list[dict[str, Any]]:
    """The reports of a region and the regions under it, newest year first."""
    codes = region_and_descendants(session, region_code)
    query = (
        select(
            reports.c.id,
            reports.c.year,
            reports.c.title,
            reports.c.status,
            organs.c.name.label("organ"),
            organs.c.region_code,
        )
        .join(organs, reports.c.organ_id == organs.c.id)
        .where(organs.c.region_code.in_(codes))
        .order_by(reports.c.year.desc(), organs.c.name)
    )
    if year is not None:
        query = query.where(reports.c.year == year)
    found = session.execute(query).all()
    ids = [report.id for report in found]
    # batched queries instead of two per report: a prefecture holds hundreds of reports;
    # only metadata for every version, the parsed JSON for the newest only, never the text
    versions_of: dict[int, list[Any]] = {i: [] for i in ids}
    urls_of: dict[int, list[str]] = {i: [] for i in ids}
    parsed_of: dict[int, Any] = {}
    rv = report_versions.c
    for chunk in _chunks(ids):
        for v in session.execute(
            select(rv.id, rv.report_id, rv.sha256, rv.first_seen, rv.last_seen, rv.parser_version)
            .where(rv.report_id.in_(chunk))
            .order_by(rv.report_id, rv.id)
        ):
            versions_of[v.report_id].append(v)
        for doc in session.execute(
            select(documents.c.report_id, documents.c.url)
            .where(documents.c.report_id.in_(chunk))
            .order_by(documents.c.id)
        ):
            if doc.report_id is not None:
                urls_of[doc.report_id].append(doc.url)
        newest_ids = [vs[-1].id for i in chunk if (vs := versions_of[i])]
        for row in session.execute(select(rv.id, rv.parsed).where(rv.id.in_(newest_ids))):
            parsed_of[row.id] = row.parsed
    out = []
    for report in found:
        versions = versions_of[report.id]
        newest = versions[-1] if versions else None
        out.append(
            {
                "report_id": report.id,
                "year": report.year,
                "organ": report.organ,
                "region_code": report.region_code,
                "title": report.title,
                "status": report.status,
                "sources": urls_of[report.id],
                "versions": [
                    {
                        "version_id": v.id,
                        "sha256": v.sha256,
                        "first_seen": _iso(v.first_seen),
                        "last_seen": _iso(v.last_seen),
                        "parser_version": v.parser_version,
                    }
                    for v in versions
                ],
                "report": parsed_of.get(newest.id) if newest else None,
            }
        )
    return out


def _chunks(ids: list[int], size: int = 500) -> list[list[int]]:
    """Keep ``IN (…)`` lists well under SQLite's bound-parameter limit."""
    return [ids[i : i + size] for i in range(0, len(ids), size)]
