"""Overdue reports and silent portals, on an archive whose reports arrive early, late or never.

The archive is built through the project's own functions (portals as a crawl
registers them, captures through the capture store, versions through
``record_version``) with explicit clock values; the deadline logic is asked
about explicit moments around the deadlines (Beijing time).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from archive.capture_store import CaptureStore
from archive.db import open_database
from archive.models import Alert, Document
from archive.overdue import (
    deadline,
    overdue,
    raise_absence_alerts,
    raise_no_reports_alerts,
    raise_overdue_alerts,
)
from archive.places import ensure_portal
from archive.reports import SourceContent, get_or_create_organ, get_or_create_report, record_version
from archive.warc_records import HttpExchange
from tests.ports import free_port

BJ = timezone(timedelta(hours=8))


def bj(*args: int) -> datetime:
    return datetime(*args, tzinfo=BJ)


PORTALS = {
    "231083": ("海林市", "county", "231000", "http://127.0.0.51/"),
    "230804": ("前进区", "county", "230800", "http://127.0.0.52/"),
    "230505": ("四方台区", "county", "230500", "http://127.0.0.53/"),
    "232761": ("加格达奇区", "county", "232700", "http://127.0.0.54/"),  # no report of its own
}


class Archive:
    def __init__(self, root: Path) -> None:
        self.sessions = open_database(f"sqlite:///{root / 'o.db'}")
        self.store = CaptureStore(root / "archive", self.sessions)
        self.portal_ids: dict[str, int] = {}
        with self.sessions() as s:
            for code, (name, level, parent, url) in PORTALS.items():
                portal, _ = ensure_portal(s, code, name, level, parent, url)
                self.portal_ids[code] = portal.id
            s.commit()
        self.n = 0

    def crawl(self, code: str, at: datetime) -> int:
        """One capture of a page of the portal at ``at``."""
        self.n += 1
        url = f"{PORTALS[code][3]}page{self.n}.html"
        ex = HttpExchange(
            url, "GET", [("Host", "x")], b"", 200, "OK", [("Content-Type", "text/html")],
            f"<p>{self.n}</p>".encode(), at,
        )  # fmt: skip
        return self.store.record(ex, portal_id=self.portal_ids[code]).capture_id

    def report(self, code: str, organ: str, year: int, at: datetime) -> None:
        """The report of ``organ`` on ``year`` arrives (is first captured) at ``at``."""
        capture_id = self.crawl(code, at)
        with self.sessions() as s:
            o = get_or_create_organ(s, code, organ)
            report, _ = get_or_create_report(s, o, year, f"{organ}{year}年政府信息公开工作年度报告")
            doc = Document(
                url=f"{PORTALS[code][3]}{year}/{organ}.html", portal_id=self.portal_ids[code],
                kind="article", report_id=report.id, first_seen=at, last_seen=at,
            )  # fmt: skip
            s.add(doc)
            s.flush()
            content = SourceContent(capture_id, f"{capture_id:064d}", None, f"{organ}{year}")
            record_version(s, report, doc, content, None, now=at)
            s.commit()

    def overdue(self, at: datetime, **kw: Any) -> set[tuple[str, int, str]]:
        with self.sessions() as s:
            return {(i["region_code"], i["year"], i["organ"]) for i in overdue(s, at, **kw)}


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    a = Archive(tmp_path)
    # 2023: every government and two departments reported
    for code, organ in [
        ("231083", "海林市人民政府"),
        ("230804", "前进区人民政府"),
        ("230505", "四方台区人民政府办公室"),
        ("231083", "海林市财政局"),
        ("230804", "前进区教育局"),
    ]:
        a.report(code, organ, 2023, bj(2024, 1, 20))
    # 2024: 海林 early, 财政局 in time, 前进区 late, 教育局 and 四方台区 never
    a.report("231083", "海林市人民政府", 2024, bj(2025, 3, 10))
    a.report("231083", "海林市财政局", 2024, bj(2025, 1, 20))
    a.report("230804", "前进区人民政府", 2024, bj(2025, 5, 2))
    return a


def test_deadlines_are_end_of_day_beijing_time() -> None:
    assert deadline(2024, department=True) == datetime(2025, 1, 31, 16, tzinfo=UTC)
    assert deadline(2024, department=False) == datetime(2025, 3, 31, 16, tzinfo=UTC)


def test_departments_due_31_january(archive: Archive) -> None:
    assert archive.overdue(bj(2025, 1, 31, 23, 59), year=2024) == set()
    assert archive.overdue(bj(2025, 2, 1, 0, 0), year=2024) == {("230804", 2024, "前进区教育局")}


def test_governments_due_31_march_early_late_never(archive: Archive) -> None:
    before = archive.overdue(bj(2025, 3, 31, 23, 59, 59), year=2024)
    assert before == {("230804", 2024, "前进区教育局")}
    after = archive.overdue(bj(2025, 4, 1), year=2024)
    assert after == {
        ("230804", 2024, "前进区教育局"),
        ("230804", 2024, "前进区人民政府"),  # arrives on 2 May
        ("230505", 2024, "四方台区人民政府办公室"),  # never
    }  # 海林 came early; 加格达奇区 publishes no report of its own
    assert archive.overdue(bj(2025, 5, 10)) == {
        ("230804", 2024, "前进区教育局"),
        ("230505", 2024, "四方台区人民政府办公室"),
    }  # the year defaults to the last one due
    assert archive.overdue(bj(2025, 5, 10), region_code="230500") == {
        ("230505", 2024, "四方台区人民政府办公室")
    }


def test_overdue_alert_once_per_region_year_and_organ(archive: Archive) -> None:
    for at in (bj(2025, 4, 1, 8), bj(2025, 4, 2), bj(2025, 5, 10), bj(2025, 6, 1)):
        with archive.sessions() as s:
            raise_overdue_alerts(s, overdue(s, at, year=2024), at)
            s.commit()
    with archive.sessions() as s:
        alerts = s.scalars(select(Alert).where(Alert.kind == "overdue").order_by(Alert.id)).all()
        got = sorted((a.region_code, a.year, a.details["organ_kind"]) for a in alerts)
    assert got == [
        ("230505", 2024, "government"),
        ("230804", 2024, "department"),
        ("230804", 2024, "government"),  # raised on 1 April, not again after it arrived
    ]


def test_portal_that_yielded_reports_last_year_and_none_this_year(archive: Archive) -> None:
    archive.crawl("231083", bj(2026, 4, 5))  # crawled in 2026, nothing new found
    archive.crawl("230804", bj(2026, 4, 5))
    archive.report("230804", "前进区人民政府", 2025, bj(2026, 3, 20))
    with archive.sessions() as s:
        assert raise_no_reports_alerts(s, bj(2026, 3, 31, 12)) == 0  # not before 1 April
        assert raise_no_reports_alerts(s, bj(2026, 4, 6)) == 1
        assert raise_no_reports_alerts(s, bj(2026, 4, 7)) == 0  # once
        s.commit()
        alert = s.scalars(select(Alert).where(Alert.kind == "no_reports")).one()
        assert alert.region_code == "231083" and alert.year == 2026
        assert alert.details == {"portal": "http://127.0.0.51/", "last_year_reports": 2}


def test_absence_alerts_reach_every_channel(archive: Archive, receiver: Any) -> None:
    """Webhook and e-mail both get the overdue alerts, worded for a missing report."""
    from aiosmtpd.controller import Controller

    from nianbao.config import EmailTarget, NotifySettings, WebhookTarget
    from nianbao.notify.deliver import deliver_pending

    with archive.sessions() as s:
        assert raise_absence_alerts(s, bj(2025, 4, 1))["overdue"] == 3
    mails: list[bytes] = []

    class Collect:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            mails.append(envelope.content)
            return "250 OK"

    port = free_port()
    smtp = Controller(Collect(), hostname="127.0.0.1", port=port)
    smtp.start()
    try:
        settings = NotifySettings(
            webhooks=(WebhookTarget(receiver.url, "s"),),
            email=EmailTarget("127.0.0.1", port, "nianbao@example.org", ("w@example.org",)),
            retries=1,
            backoff=0.0,
        )
        results = deliver_pending(archive.sessions, settings)
    finally:
        smtp.stop()
    assert [r["pending"] for r in results] == [0, 0]
    overdue_posts = [b for b, _, _ in receiver.posts if b'"overdue"' in b]
    assert len(overdue_posts) == 3
    texts = [m.decode("utf-8", "replace") for m in mails]
    assert sum("overdue" in t for t in texts) == 3
