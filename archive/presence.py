"""Whether a report is still there: present, unlisted, gone, withdrawn, restored.

Only a crawl's walk can tell that a column no longer links a report or that its
URL answers 404: unlike a version, a report's presence is not in any one
response.  So each change of it is also written into the archive (a WARC
``metadata`` record, through the ``record`` callback the crawl passes), and
``reindex`` replays those records with ``restore_presence``: after a lost
database, a withdrawn report is withdrawn again, with its alert.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.models import Alert, Document, Report, ReportVersion

#: answers of a re-checked report URL that mean the report itself is gone
GONE_STATUSES = (404, 410)
#: a re-checked report URL that now redirects to the portal's home page
REDIRECTED_HOME = "home"

#: ``record(fact, capture_id)``: keep one change of presence (JSON-able) beside a capture
Recorder = Callable[[dict[str, Any], int | None], None]


def is_gone(answers: list[int | str]) -> bool:
    return bool(answers) and all(a in GONE_STATUSES or a == REDIRECTED_HOME for a in answers)


def _last_capture(session: Session, report_id: int) -> tuple[str | None, int | None]:
    """(URL, capture id) of the report's newest version: what a withdrawn alert points at."""
    row = session.execute(
        select(Document.url, ReportVersion.capture_id)
        .join(Document, Document.id == ReportVersion.document_id)
        .where(ReportVersion.report_id == report_id)
        .order_by(ReportVersion.id.desc())
        .limit(1)
    ).first()
    return (row.url, row.capture_id) if row is not None else (None, None)


def apply_presence(
    session: Session,
    linked: set[int],
    rechecked: dict[int, list[int | str]],
    crawl_id: int | None,
    now: datetime | None = None,
    record: Recorder | None = None,
) -> list[tuple[int, str]]:
    """Unlisted, withdrawn and restored, from what one crawl saw; returns the alerts raised.

    A report no column links any more whose URL still answers is ``unlisted`` (a
    quiet alert): portals reorganise their lists far more often than they take
    reports down.  It is ``withdrawn`` only when its URL itself is gone (404/410, or
    a redirect to the home page) on two crawls in a row — the first such crawl marks
    it ``gone`` — and the alert keeps the URL and the last capture.  A withdrawn
    report that its column links again is ``restored``; any report linked again is
    ``present``.  Every change of status goes to ``record`` too.
    """
    now = now or datetime.now(UTC)
    raised: list[tuple[int, str]] = []

    def change(report: Report, status: str, kind: str | None, details: dict[str, Any]) -> None:
        report.status = status
        if kind is not None:
            details = details | {"title": report.title}
            session.add(
                Alert(
                    kind=kind,
                    report_id=report.id,
                    crawl_id=crawl_id,
                    created_at=now,
                    details=details,
                )
            )
            raised.append((report.id, kind))
        if record is not None:
            urls = session.scalars(
                select(Document.url).where(Document.report_id == report.id).order_by(Document.id)
            ).all()
            fact: dict[str, Any] = {"documents": list(urls), "status": status}
            fact["moment"] = now.isoformat()
            fact["alert"] = {"kind": kind, "details": details} if kind is not None else None
            record(fact, _last_capture(session, report.id)[1])

    # the reports in question read at once, not one query each at the crawl's end
    ids = sorted(set(rechecked) | linked)
    reports: dict[int, Report] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        reports.update(
            (r.id, r) for r in session.scalars(select(Report).where(Report.id.in_(chunk)))
        )
    for report_id in sorted(set(rechecked) - linked):
        report = reports.get(report_id)
        if report is None or report.status == "withdrawn":
            continue
        answers = rechecked[report_id]
        url, capture_id = _last_capture(session, report_id)
        where = {"url": url, "last_capture": capture_id, "answers": answers}
        if not is_gone(answers):
            if report.status != "unlisted":
                change(
                    report,
                    "unlisted",
                    "unlisted",
                    where | {"reason": "no column links it; still online"},
                )
        elif report.status == "gone":
            change(
                report, "withdrawn", "withdrawn", where | {"reason": "gone on two crawls in a row"}
            )
        else:
            change(report, "gone", None, where)  # once may be a passing fault: wait
    for report_id in sorted(linked):
        report = reports.get(report_id)
        if report is None or report.status == "present":
            continue
        change(report, "present", "restored" if report.status == "withdrawn" else None, {})
    return raised


def restore_presence(session: Session, fact: dict[str, Any]) -> bool:
    """Replay one recorded change (``reindex``); False when no rebuilt report holds its URLs."""
    report_id = session.scalars(
        select(Document.report_id).where(
            Document.url.in_(fact.get("documents") or []), Document.report_id.is_not(None)
        )
    ).first()
    report = session.get(Report, report_id) if report_id is not None else None
    if report is None:
        return False
    report.status = fact["status"]
    alert = fact.get("alert")
    if alert:
        details = dict(alert.get("details") or {})
        if "last_capture" in details:  # capture ids are the rebuilt database's own
            details["last_capture"] = _last_capture(session, report.id)[1]
        session.add(
            Alert(
                kind=alert["kind"],
                report_id=report.id,
                created_at=datetime.fromisoformat(fact["moment"]),
                details=details,
            )
        )
    return True
