"""Read side across years: one organ's reports, year by year, with their newest parsed form.

The report page checks a report against the same organ's year before and a
region page draws an organ's figures over the years; both need exactly this
one query, and neither needs the versions' texts.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.models import Organ, Report, ReportVersion


def organ_years(session: Session, organ_id: int) -> list[dict[str, Any]]:
    """Every report of the organ, oldest year first: id, year, status, newest ``report/1``."""
    newest = (
        select(ReportVersion.report_id, func.max(ReportVersion.id).label("version_id"))
        .join(Report, ReportVersion.report_id == Report.id)
        .where(Report.organ_id == organ_id)
        .group_by(ReportVersion.report_id)
        .subquery()
    )
    rows = session.execute(
        select(Report.id, Report.year, Report.status, ReportVersion.id, ReportVersion.parsed)
        .outerjoin(newest, newest.c.report_id == Report.id)
        .outerjoin(ReportVersion, ReportVersion.id == newest.c.version_id)
        .where(Report.organ_id == organ_id)
        .order_by(Report.year, Report.id)
    ).all()
    return [
        {"report_id": rid, "year": year, "status": status, "version_id": vid, "report": parsed}
        for rid, year, status, vid, parsed in rows
    ]


def organ_of_report(session: Session, report_id: int) -> Organ | None:
    report = session.get(Report, report_id)
    return session.get(Organ, report.organ_id) if report is not None else None
