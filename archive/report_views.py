"""Read side of one report: its versions, one version's cells, and two versions side by side.

The web service's pages and its JSON API both call these, so what a person
sees and what a program reads come from one query.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.alerts_query import MAX_DIFF_LINES, iso, text_diff
from archive.models import Document, Organ, Region, Report, ReportVersion


def version_meta(version: ReportVersion, url: str | None) -> dict[str, Any]:
    parsed = version.parsed or {}
    cells = parsed.get("cells") or {}
    return {
        "version_id": version.id,
        "sha256": version.sha256,
        "content_hash": version.content_hash,
        "first_seen": iso(version.first_seen),
        "last_seen": iso(version.last_seen),
        "capture_id": version.capture_id,
        "source": url,
        "parser_version": version.parser_version,
        "template": parsed.get("template"),
        "cells_present": sum(1 for v in cells.values() if v is not None),
    }


def _versions(session: Session, report_id: int) -> list[tuple[ReportVersion, str | None]]:
    rows = session.execute(
        select(ReportVersion, Document.url)
        .outerjoin(Document, ReportVersion.document_id == Document.id)
        .where(ReportVersion.report_id == report_id)
        .order_by(ReportVersion.id)
    ).all()
    return [(v, url) for v, url in rows]


def report_detail(session: Session, report_id: int) -> dict[str, Any] | None:
    """The report, its organ and region, every version (oldest first) and the newest report/1."""
    row = session.execute(
        select(Report, Organ, Region)
        .join(Organ, Report.organ_id == Organ.id)
        .outerjoin(Region, Organ.region_code == Region.code)
        .where(Report.id == report_id)
    ).first()
    if row is None:
        return None
    report, organ, region = row
    versions = _versions(session, report_id)
    sources = session.scalars(
        select(Document.url).where(Document.report_id == report_id).order_by(Document.id)
    ).all()
    return {
        "report_id": report.id,
        "year": report.year,
        "title": report.title,
        "status": report.status,
        "organ": organ.name,
        "region_code": organ.region_code,
        "region": (region.full_name or region.name) if region is not None else None,
        "sources": list(sources),
        "versions": [version_meta(v, url) for v, url in versions],
        "report": versions[-1][0].parsed if versions else None,
    }


def version_detail(session: Session, report_id: int, version_id: int) -> dict[str, Any] | None:
    for version, url in _versions(session, report_id):
        if version.id == version_id:
            return {**version_meta(version, url), "report": version.parsed, "text": version.text}
    return None


def diff_versions(session: Session, report_id: int, a: int, b: int) -> dict[str, Any] | None:
    """Every cell of either version with both values; ``changed`` first-class for the pages."""
    found = {v.id: (v, url) for v, url in _versions(session, report_id)}
    if a not in found or b not in found:
        return None
    (va, url_a), (vb, url_b) = found[a], found[b]
    cells_a = (va.parsed or {}).get("cells") or {}
    cells_b = (vb.parsed or {}).get("cells") or {}
    cells = [
        {
            "cell": k,
            "a": cells_a.get(k),
            "b": cells_b.get(k),
            "changed": cells_a.get(k) != cells_b.get(k),
        }
        for k in sorted(set(cells_a) | set(cells_b))
    ]
    diff_lines = text_diff(va.text, vb.text, f"version {a}", f"version {b}")
    return {
        "report_id": report_id,
        "a": version_meta(va, url_a),
        "b": version_meta(vb, url_b),
        "changed": sum(1 for c in cells if c["changed"]),
        "cells": cells,
        "text_diff": diff_lines[:MAX_DIFF_LINES],
        "text_diff_truncated": len(diff_lines) > MAX_DIFF_LINES,
    }


def search_regions(session: Session, query: str, limit: int = 50) -> list[dict[str, Any]]:
    """Regions whose code starts with, or whose name contains, the query."""
    key = query.strip()
    if not key:
        return []
    rows = session.scalars(
        select(Region)
        .where(
            Region.code.startswith(key) | Region.name.contains(key) | Region.full_name.contains(key)
        )
        .order_by(Region.code)
        .limit(limit)
    ).all()
    return [
        {"code": r.code, "name": r.name, "full_name": r.full_name, "level": r.level} for r in rows
    ]
