"""Unlisted when no column links a report that still answers; withdrawn only when its URL is gone twice."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from archive.db import open_database
from archive.models import Alert, Organ, Region, Report
from archive.presence import REDIRECTED_HOME, apply_presence


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


def status(sessions, report_id: int) -> str:  # type: ignore[no-untyped-def]
    with sessions() as s:
        report = s.get(Report, report_id)
        assert report is not None
        return report.status


def crawls(sessions, *seen: tuple[set[int], dict[int, list[int | str]]]) -> None:  # type: ignore[no-untyped-def]
    for linked, rechecked in seen:
        with sessions() as s:
            apply_presence(s, linked, rechecked, None)
            s.commit()


def test_unlinked_but_online_is_unlisted_once_never_withdrawn(tmp_path: Path) -> None:
    sessions, (rid,) = make_reports(tmp_path, 1)
    crawls(sessions, (set(), {rid: [200]}), (set(), {rid: [304]}), (set(), {rid: [200]}))
    assert kinds(sessions, rid) == ["unlisted"] and status(sessions, rid) == "unlisted"
    crawls(sessions, ({rid}, {}))  # linked again: present, no alert (it was never gone)
    assert kinds(sessions, rid) == ["unlisted"] and status(sessions, rid) == "present"


def test_gone_twice_in_a_row_is_withdrawn_once_then_restored(tmp_path: Path) -> None:
    sessions, (gone, home, still) = make_reports(tmp_path, 3)
    crawls(sessions, ({still}, {gone: [404], home: [REDIRECTED_HOME]}))
    assert kinds(sessions, gone) == [] and status(sessions, gone) == "gone"
    crawls(sessions, ({still}, {gone: [410], home: [REDIRECTED_HOME]}))
    crawls(sessions, ({still}, {gone: [404]}))
    assert kinds(sessions, gone) == ["withdrawn"] and kinds(sessions, home) == ["withdrawn"]
    assert kinds(sessions, still) == []
    crawls(sessions, ({gone}, {}))
    assert (
        kinds(sessions, gone) == ["withdrawn", "restored"] and status(sessions, gone) == "present"
    )


def test_a_passing_404_between_answers_is_not_withdrawn(tmp_path: Path) -> None:
    sessions, (rid,) = make_reports(tmp_path, 1)
    crawls(sessions, (set(), {rid: [404]}), (set(), {rid: [200]}), (set(), {rid: [404]}))
    assert "withdrawn" not in kinds(sessions, rid)
