"""The regions under a prefecture (or province), side by side for one year.

Each region is represented by its own government's report (海林市人民政府 for
海林市), not by the sum of its departments: departments' reports overlap the
government's, and a sum would count a request twice.  The table names the
organ it took, so a reader sees what was compared.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.lookup import region_and_descendants, reports_for_region
from archive.models import Organ, Region, Report
from nianbao.web.figures import figures, government_reports

#: the levels a comparison can list: the region's direct parts, or every county under it
LEVELS = {"children": "下一级地区", "county": "所有县级地区"}


def parts_of(session: Session, region: Region, level: str) -> list[Region]:
    """The regions compared: direct children, or every county-level region below."""
    if level == "county":
        codes = region_and_descendants(session, region.code)[1:]
        query = select(Region).where(Region.code.in_(codes), Region.level == "county")
    else:
        query = select(Region).where(Region.parent_code == region.code)
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


def comparison_rows(
    session: Session, region: Region, year: int, level: str = "children"
) -> list[dict[str, Any]]:
    """One row per region compared: its government's report of ``year`` and that report's figures."""
    parts = parts_of(session, region, level)
    reports = reports_for_region(session, region, year)
    by_region: dict[str, list[dict[str, Any]]] = {}
    for report in reports:
        by_region.setdefault(report["region_code"], []).append(report)
    rows = []
    for part in parts:
        own = government_reports(by_region.get(part.code, []), part.code, part.name)
        chosen = own[0] if own else None
        rows.append(
            {
                "code": part.code,
                "name": part.name,
                "organ": chosen["organ"] if chosen else None,
                "report_id": chosen["report_id"] if chosen else None,
                "status": chosen["status"] if chosen else None,
                **figures(chosen["report"] if chosen else None),
            }
        )
    return rows
