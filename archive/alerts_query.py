"""Read side of the alerts: what changed, for the CLI, the web service and the deliveries.

Every consumer (``nianbao alerts``, ``/api/alerts``, the Atom feed, webhooks,
e-mail) formats alerts from the same dictionaries built here, so a webhook
payload and the JSON API never disagree about what an alert says.
"""

from __future__ import annotations

import difflib
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from archive.lookup import region_and_descendants
from archive.models import Alert, Organ, Region, Report, ReportVersion

#: a text diff longer than this is cut (the cells are the point; the text is context)
MAX_DIFF_LINES = 400

#: what each kind means, in the words the web pages and messages use
KIND_LABELS = {
    "new": "新报告",
    "revised": "报告已修订",
    "withdrawn": "报告已撤下",
    "restored": "报告已恢复",
    "unlisted": "栏目不再列出（网址仍可访问）",
    "reparsed": "重新解析后数据有变",
    "overdue": "报告逾期未公开",
    "no_reports": "网站今年未见报告",
    "portal_moved": "网站已迁址",
}

#: kinds recorded and listed but not pushed to the channels: not news about a report
QUIET_KINDS = frozenset({"unlisted", "reparsed"})


def iso(moment: datetime | None) -> str | None:
    """UTC ISO 8601 with ``Z``; SQLite hands back naive datetimes that were stored as UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def parse_since(text: str) -> datetime:
    """An ISO 8601 time or date; a time without zone is taken as UTC.  Raises ValueError."""
    raw = text.strip()
    if raw.endswith(("Z", "z")):
        raw = raw[:-1] + "+00:00"
    moment = datetime.fromisoformat(raw)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def text_diff(old: str | None, new: str | None, old_label: str, new_label: str) -> list[str]:
    """A unified diff of two versions' main text, one line of context, cut at MAX_DIFF_LINES."""
    lines = difflib.unified_diff(
        (old or "").splitlines(), (new or "").splitlines(), old_label, new_label, lineterm="", n=1
    )
    return list(lines)[: MAX_DIFF_LINES + 1]


def _revision_diff(session: Session, alert: dict[str, Any]) -> list[str]:
    old = session.get(ReportVersion, alert["previous_version"])
    new = session.get(ReportVersion, alert["version_id"]) if alert["version_id"] else None
    if old is None or new is None:
        return []
    return text_diff(old.text, new.text, f"version {old.id}", f"version {new.id}")


def alert_dict(
    alert: Alert, report: Report | None, organ: Organ | None, region: Region | None
) -> dict[str, Any]:
    """One alert; one about a missing report or a portal has no report (its fields are None)."""
    details = dict(alert.details or {})
    return {
        "id": alert.id,
        "kind": alert.kind,
        "label": KIND_LABELS.get(alert.kind, alert.kind),
        "created_at": iso(alert.created_at),
        "crawl_id": alert.crawl_id,
        "report_id": report.id if report is not None else None,
        "version_id": alert.version_id,
        "previous_version": details.pop("previous_version", None),
        "year": report.year if report is not None else alert.year,
        "organ": organ.name if organ is not None else details.pop("organ", None),
        "region_code": organ.region_code if organ is not None else alert.region_code,
        "region": (region.full_name or region.name) if region is not None else None,
        "title": details.pop("title", None) or (report.title if report is not None else None),
        "url": details.pop("url", None),
        "changed_cells": details.pop("changed_cells", []),
        "details": details,
    }


def list_alerts(
    session: Session,
    since: datetime | None = None,
    region_code: str | None = None,
    ids: list[int] | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Alerts oldest first; ``region_code`` takes in the regions under it too."""
    region_of = func.coalesce(Organ.region_code, Alert.region_code)
    query = (
        select(Alert, Report, Organ, Region)
        .outerjoin(Report, Alert.report_id == Report.id)
        .outerjoin(Organ, Organ.id == func.coalesce(Report.organ_id, Alert.organ_id))
        .outerjoin(Region, Region.code == region_of)
        .order_by(Alert.created_at, Alert.id)
    )
    if since is not None:
        query = query.where(Alert.created_at >= since)
    if region_code is not None:
        query = query.where(region_of.in_(region_and_descendants(session, region_code)))
    if ids is not None:
        query = query.where(Alert.id.in_(ids))
    if limit is not None:
        # the newest ``limit``, still returned oldest first
        newest = session.execute(
            query.order_by(None).order_by(Alert.created_at.desc(), Alert.id.desc()).limit(limit)
        ).all()
        rows = list(reversed(newest))
    else:
        rows = list(session.execute(query).all())
    found = [alert_dict(a, rep, org, reg) for a, rep, org, reg in rows]
    for alert in found:  # a revision says how its text changed too, not only its cells
        if alert["kind"] == "revised" and alert["previous_version"]:
            alert["text_diff"] = _revision_diff(session, alert)
    return found
