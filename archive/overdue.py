"""Reports missing after their legal deadline, and portals that stopped yielding reports.

条例 第四十九、五十条: departments of governments at county level and above
report on year Y to their government by 31 January of Y+1, and those
governments publish theirs by 31 March of Y+1 — Beijing time, so a report is
overdue from 00:00 (UTC+8) of the day after.  Which reports are expected:

* every government (province, prefecture, county) whose portal the archive
  holds, unless the registry says it publishes no report of its own;
* every organ that published a report on one of the two years before.

A report counts from the time its first version was seen, so the same
archive answers "what was overdue on 1 April" and "what is overdue now".
Every function takes ``now``: the clock is the caller's.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.alerts_query import iso
from archive.lookup import region_and_descendants
from archive.models import Alert, Capture, Document, Organ, Portal, Region, Report, ReportVersion
from archive.reports import get_or_create_organ
from registry.name_forms import government_organ
from registry.regions import get as registry_row

BEIJING = timezone(timedelta(hours=8))
GOVERNMENT_LEVELS = ("province", "prefecture", "county")
_GOVERNMENT_TAILS = ("人民政府", "政府", "行政公署", "人民政府办公室", "政府办公室", "办公厅")


def deadline(year: int, department: bool) -> datetime:
    """The first moment the report on ``year`` is overdue (UTC)."""
    last = date(year + 1, 1, 31) if department else date(year + 1, 3, 31)
    start_of_next = datetime(last.year, last.month, last.day, tzinfo=BEIJING) + timedelta(days=1)
    return start_of_next.astimezone(UTC)


def is_government(organ: str, region_name: str | None) -> bool:
    """The region's government itself (or its 办公室, which publishes for it), not a department."""
    return organ == region_name or organ.endswith(_GOVERNMENT_TAILS)


def _aware(moment: datetime | None) -> datetime | None:
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _present(session: Session, organ_ids: list[int], year: int, now: datetime) -> bool:
    """Whether one of the organs had a report on ``year`` by ``now``."""
    if not organ_ids:
        return False
    first = session.scalar(
        select(func.min(ReportVersion.first_seen))
        .join(Report, ReportVersion.report_id == Report.id)
        .where(Report.organ_id.in_(organ_ids), Report.year == year)
    )
    seen = _aware(first)
    return seen is not None and seen <= now


def _last_crawled(session: Session, region_code: str, now: datetime) -> datetime | None:
    moment = session.scalar(
        select(func.max(Capture.fetched_at))
        .join(Portal, Capture.portal_id == Portal.id)
        .where(Portal.region_code == region_code, Capture.fetched_at <= now)
    )
    return _aware(moment)


def _expected(session: Session, year: int, codes: list[str] | None) -> list[tuple[Region, str]]:
    """(region, organ name) whose report on ``year`` is due."""
    regions = select(Region).join(Portal, Portal.region_code == Region.code).distinct()
    if codes is not None:
        regions = regions.where(Region.code.in_(codes))
    out: dict[tuple[str, str], Region] = {}
    for region in session.scalars(regions.where(Region.level.in_(GOVERNMENT_LEVELS))):
        known = registry_row(region.code)
        if known is not None and not known.own_report:
            continue
        organs = session.scalars(select(Organ.name).where(Organ.region_code == region.code))
        gov = [n for n in organs if is_government(n, region.name)]
        name = gov[0] if gov else government_organ(region.name, region.level)
        out[(region.code, name)] = region
    before = (
        select(Organ, Region)
        .join(Report, Report.organ_id == Organ.id)
        .join(Region, Organ.region_code == Region.code)
        .where(Report.year.in_([year - 1, year - 2]))
        .distinct()
    )
    if codes is not None:
        before = before.where(Region.code.in_(codes))
    for organ, region in session.execute(before).all():
        out.setdefault((region.code, organ.name), region)
    return [(region, name) for (_, name), region in sorted(out.items())]


def overdue(
    session: Session, now: datetime, year: int | None = None, region_code: str | None = None
) -> list[dict[str, Any]]:
    """Every (region, year, organ) whose report is missing after its deadline, as of ``now``."""
    now = now.astimezone(UTC)
    year = year if year is not None else now.astimezone(BEIJING).year - 1
    codes = region_and_descendants(session, region_code) if region_code else None
    found = []
    for region, name in _expected(session, year, codes):
        department = not is_government(name, region.name)
        due = deadline(year, department)
        if now < due:
            continue
        organs = session.execute(
            select(Organ.id, Organ.name).where(Organ.region_code == region.code)
        ).all()
        organ_ids = [
            i for i, n in organs if (n == name if department else is_government(n, region.name))
        ]
        if _present(session, organ_ids, year, now):
            continue
        portal = session.scalars(
            select(Portal.url).where(Portal.region_code == region.code).order_by(Portal.id)
        ).first()
        found.append(
            {
                "region_code": region.code,
                "region": region.full_name or region.name,
                "year": year,
                "organ": name,
                "organ_kind": "department" if department else "government",
                "deadline": iso(due),
                "last_crawled": iso(_last_crawled(session, region.code, now)),
                "portal": portal,
            }
        )
    return found


def raise_overdue_alerts(session: Session, items: list[dict[str, Any]], now: datetime) -> int:
    """One ``overdue`` alert per region, year and organ, however often this runs."""
    raised = 0
    for item in items:
        organ = get_or_create_organ(session, item["region_code"], item["organ"])
        exists = session.scalar(
            select(Alert.id).where(
                Alert.kind == "overdue", Alert.organ_id == organ.id, Alert.year == item["year"]
            )
        )
        if exists is not None:
            continue
        details = {k: item[k] for k in ("deadline", "last_crawled", "portal", "organ_kind")}
        session.add(
            Alert(
                kind="overdue",
                region_code=item["region_code"],
                organ_id=organ.id,
                year=item["year"],
                created_at=now,
                details=details,
            )
        )
        raised += 1
    session.flush()
    return raised


def raise_no_reports_alerts(session: Session, now: datetime) -> int:
    """``no_reports``: a portal whose reports were first seen last year, and none this year.

    Checked once the governments' deadline for last year's report has passed
    (1 April, Beijing time), for portals crawled this year; once per portal and year.
    """
    now = now.astimezone(UTC)
    this_year = now.astimezone(BEIJING).year
    if now < deadline(this_year - 1, department=False):
        return 0
    start = datetime(this_year, 1, 1, tzinfo=BEIJING).astimezone(UTC)
    last_start = datetime(this_year - 1, 1, 1, tzinfo=BEIJING).astimezone(UTC)

    def reports(since: datetime, until: datetime) -> dict[int, int]:
        rows = session.execute(
            select(Document.portal_id, func.count(func.distinct(ReportVersion.report_id)))
            .join(Document, ReportVersion.document_id == Document.id)
            .where(ReportVersion.first_seen >= since, ReportVersion.first_seen < until)
            .group_by(Document.portal_id)
        ).all()
        return {pid: n for pid, n in rows if pid is not None}

    last, current = reports(last_start, start), reports(start, now)
    raised = 0
    for portal_id, count in sorted(last.items()):
        if current.get(portal_id):
            continue
        portal = session.get(Portal, portal_id)
        crawled = session.scalar(
            select(func.count(Capture.id)).where(
                Capture.portal_id == portal_id,
                Capture.fetched_at >= start,
                Capture.fetched_at <= now,
            )
        )
        if portal is None or not crawled:
            continue
        earlier = session.scalars(
            select(Alert).where(
                Alert.kind == "no_reports",
                Alert.region_code == portal.region_code,
                Alert.year == this_year,
            )
        )
        if any((a.details or {}).get("portal") == portal.url for a in earlier):
            continue
        session.add(
            Alert(
                kind="no_reports",
                region_code=portal.region_code,
                year=this_year,
                created_at=now,
                details={"portal": portal.url, "last_year_reports": count},
            )
        )
        raised += 1
    session.flush()
    return raised


def raise_absence_alerts(session: Session, now: datetime) -> dict[str, int]:
    """After a crawl: the overdue reports of the last due year and the silent portals."""
    items = overdue(session, now)
    counts = {
        "overdue": raise_overdue_alerts(session, items, now),
        "no_reports": raise_no_reports_alerts(session, now),
    }
    session.commit()
    return counts
