"""The regions under a prefecture (or province), side by side for one year.

Each region is represented by its own government's report (海林市人民政府 for
海林市), not by the sum of its departments: departments' reports overlap the
government's, and a sum would count a request twice.  The table names the
organ it took, so a reader sees what was compared.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.lookup import region_and_descendants
from archive.models import Organ, Region, Report, ReportVersion
from nianbao.web.figures import figures, is_government

#: the levels a comparison can list: the region's direct parts, or every county under it
LEVELS = {"children": "下一级地区", "county": "所有县级地区"}


def parts_of(session: Session, code: str, level: str) -> list[Region]:
    """The regions compared under region ``code``: direct children, or every county-level
    region below."""
    if level == "county":
        codes = region_and_descendants(session, code)[1:]
        query = select(Region).where(Region.code.in_(codes), Region.level == "county")
    else:
        query = select(Region).where(Region.parent_code == code)
    found = session.scalars(query.order_by(Region.code)).all()
    return [r for r in found if not r.superseded_by]


def report_years(session: Session, codes: list[str]) -> list[int]:
    """The years any report of these regions' organs covers, newest first."""
    years = session.scalars(
        select(Report.year)
        .join(Organ, Report.organ_id == Organ.id)
        .where(Organ.region_code.in_(codes), Report.year.is_not(None))
        .distinct()
    ).all()
    return sorted((y for y in years if y is not None), reverse=True)


def _newest(session: Session, organ_ids: list[int], year: int) -> dict[int, dict[str, Any]]:
    """Organ id → its report of ``year``: id, status and the newest version's ``report/1``."""
    newest = (
        select(ReportVersion.report_id, func.max(ReportVersion.id).label("version_id"))
        .join(Report, ReportVersion.report_id == Report.id)
        .where(Report.organ_id.in_(organ_ids), Report.year == year)
        .group_by(ReportVersion.report_id)
        .subquery()
    )
    rows = session.execute(
        select(Report.organ_id, Report.id, Report.status, ReportVersion.parsed)
        .outerjoin(newest, newest.c.report_id == Report.id)
        .outerjoin(ReportVersion, ReportVersion.id == newest.c.version_id)
        .where(Report.organ_id.in_(organ_ids), Report.year == year)
    ).all()
    return {
        int(row.organ_id): {"report_id": row.id, "status": row.status, "report": row.parsed}
        for row in rows
    }


def comparison_rows(
    session: Session, code: str, year: int, level: str = "children"
) -> list[dict[str, Any]]:
    """One row per region compared under region ``code``: its government's report of ``year``
    and that report's figures."""
    parts = parts_of(session, code, level)
    organs = session.scalars(
        select(Organ).where(Organ.region_code.in_([p.code for p in parts]))
    ).all()
    government: dict[str, Organ] = {}
    for part in parts:  # each region's most surely own government among its organs
        own = [o for o in organs if o.region_code == part.code]
        ranked = sorted(own, key=lambda o: (-is_government(o.name, part.name), o.name))
        if ranked and is_government(ranked[0].name, part.name):
            government[part.code] = ranked[0]
    reports = _newest(session, [o.id for o in government.values()], year)
    rows = []
    for part in parts:
        organ = government.get(part.code)
        chosen = reports.get(organ.id) if organ is not None else None
        rows.append(
            {
                "code": part.code,
                "name": part.name,
                "organ": organ.name if organ is not None and chosen else None,
                "report_id": chosen["report_id"] if chosen else None,
                "status": chosen["status"] if chosen else None,
                **figures(chosen["report"] if chosen else None),
            }
        )
    return rows
