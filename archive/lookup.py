"""Read side of the archive: captures of a URL, reports of a region."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from archive.archive import Archive, open_archive
from archive.models import Capture, Document, Organ, Region, Report, ReportVersion


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
    session: Session, url: str, archive: Archive | Path | str
) -> list[dict[str, Any]]:
    """Every capture of ``url``, oldest first, with where its bytes are (path or s3:// URL)."""
    rows = session.scalars(
        select(Capture)
        .where(Capture.url.in_(url_variants(url)))
        .order_by(Capture.fetched_at, Capture.id)
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


def resolve_region(session: Session, code_or_name: str) -> Region | None:
    """A region by code (superseded codes follow their successor) or by (short) name.

    A name the registry knows is resolved by the registry's index (a name shared
    by several regions, 南山区, resolves to none); other names by the database's.
    """
    from registry.regions import candidates

    key = code_or_name.strip()
    known = candidates(key)
    if len(known) > 1:
        return None
    if known:
        found = session.get(Region, known[0].code)
        if found is not None:
            return found
    region = session.get(Region, key)
    while region is not None and region.superseded_by:
        nxt = session.get(Region, region.superseded_by)
        if nxt is None:
            break
        region = nxt
    if region is not None:
        return region
    matches = session.scalars(
        select(Region).where(or_(Region.name == key, Region.full_name == key))
    ).all()
    if not matches:
        matches = session.scalars(select(Region).where(Region.name.startswith(key))).all()
    return matches[0] if len(matches) == 1 else None


def region_and_descendants(session: Session, root: str) -> list[str]:
    codes, frontier = [root], [root]
    while frontier:
        children = session.scalars(
            select(Region.code).where(Region.parent_code.in_(frontier))
        ).all()
        frontier = [c for c in children if c not in codes]
        codes.extend(frontier)
    return codes


def reports_for_region(
    session: Session, region: Region, year: int | None = None
) -> list[dict[str, Any]]:
    codes = region_and_descendants(session, region.code)
    query = (
        select(Report, Organ)
        .join(Organ, Report.organ_id == Organ.id)
        .where(Organ.region_code.in_(codes))
        .order_by(Report.year.desc(), Organ.name)
    )
    if year is not None:
        query = query.where(Report.year == year)
    found = session.execute(query).all()
    ids = [report.id for report, _ in found]
    # batched queries instead of two per report: a prefecture holds hundreds of reports;
    # only metadata for every version, the parsed JSON for the newest only, never the text
    versions_of: dict[int, list[Any]] = {i: [] for i in ids}
    urls_of: dict[int, list[str]] = {i: [] for i in ids}
    parsed_of: dict[int, Any] = {}
    for chunk in _chunks(ids):
        for v in session.execute(
            select(
                ReportVersion.id,
                ReportVersion.report_id,
                ReportVersion.sha256,
                ReportVersion.first_seen,
                ReportVersion.last_seen,
                ReportVersion.parser_version,
            )
            .where(ReportVersion.report_id.in_(chunk))
            .order_by(ReportVersion.report_id, ReportVersion.id)
        ):
            versions_of[v.report_id].append(v)
        for report_id, url in session.execute(
            select(Document.report_id, Document.url)
            .where(Document.report_id.in_(chunk))
            .order_by(Document.id)
        ):
            if report_id is not None:
                urls_of[report_id].append(url)
        newest_ids = [vs[-1].id for i in chunk if (vs := versions_of[i])]
        for row in session.execute(
            select(ReportVersion.id, ReportVersion.parsed).where(ReportVersion.id.in_(newest_ids))
        ):
            parsed_of[row.id] = row.parsed
    out = []
    for report, organ in found:
        versions = versions_of[report.id]
        newest = versions[-1] if versions else None
        out.append(
            {
                "report_id": report.id,
                "year": report.year,
                "organ": organ.name,
                "region_code": organ.region_code,
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
