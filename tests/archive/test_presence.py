"""Withdrawn after two crawls without a column link (or at once on 404/410); restored when back."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from archive.db import open_database
from archive.models import Alert, Organ, Region, Report
from archive.reports import apply_presence


def make_reports(tmp_path: Path, n: int):  # type: ignore[no-untyped-def]
    sessions = open_database(f"sqlite:///{tmp_path / 'p.db'}")
    with sessions() as s:
        s.add(Region(code="231083", name="海林市", level="county"))
        s.flush()
        organ = Organ(region_code="231083", name="海林市人民政府")
        s.add(organ)
        s.flush()
        ids = []
        for year in range(2019, 2019 + n):
            r = Report(organ_id=organ.id, year=year, status="present")
            s.add(r)
            s.flush()
            ids.append(r.id)
        s.commit()
    return sessions, ids


def kinds(sessions, report_id: int) -> list[str]:  # type: ignore[no-untyped-def]
    with sessions() as s:
        return list(
            s.scalars(select(Alert.kind).where(Alert.report_id == report_id).order_by(Alert.id))
        )


def test_vanished_twice_is_withdrawn_then_restored(tmp_path: Path) -> None:
    sessions, (rid,) = make_reports(tmp_path, 1)
    for crawl, (linked, rechecked) in enumerate(
        [(set(), {rid: [200]}), (set(), {rid: [304]}), (set(), {rid: [200]}), ({rid}, {})], 1
    ):
        with sessions() as s:
            apply_presence(s, linked, rechecked, None)
            s.commit()
        if crawl == 1:
            assert kinds(sessions, rid) == []
    assert kinds(sessions, rid) == ["withdrawn", "restored"]
    with sessions() as s:
        report = s.get(Report, rid)
        assert report is not None and report.status == "present"


def test_gone_is_withdrawn_at_once_and_only_once(tmp_path: Path) -> None:
    sessions, (gone, still) = make_reports(tmp_path, 2)
    for _ in range(2):
        with sessions() as s:
            apply_presence(s, {still}, {gone: [404]}, None)
            s.commit()
    assert kinds(sessions, gone) == ["withdrawn"]
    assert kinds(sessions, still) == []
