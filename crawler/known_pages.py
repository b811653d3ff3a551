"""What the database knows of some portals' pages, read once as a night's crawl starts.

The last fetch of every URL (documents, lists, navigation pages), each known
document's report year and status, the list entries of last time, and the
portals with a report ``gone`` once.  The nightly schedule (crawler/nightly.py)
decides on it; each fetched URL gets its night in its cycle here
(crawler/recheck_schedule.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from archive.earlier_captures import latest_ids
from archive.models import Capture, Document, ListEntry, Portal, Report
from crawler.night_walk import portal_week
from crawler.recheck_schedule import NEWEST_EVERY, WEEK, PortalWeek, is_due, period


@dataclass(frozen=True)
class KnownDocument:
    kind: str
    parent_url: str | None
    year: int | None
    status: str
    portal_id: int | None


@dataclass(frozen=True)
class Validators:
    """What a conditional GET of a URL asks with: its last 200's ETag and Last-Modified."""

    capture_id: int
    sha256: str
    etag: str | None
    modified: str | None

    @classmethod
    def of(cls, capture_id: int, sha256: str, headers: list[list[str]]) -> Validators | None:
        """None when the answer carried neither (nothing to ask with)."""
        found = {key.lower(): value for key, value in reversed(headers)}
        etag, modified = found.get("etag"), found.get("last-modified")
        return cls(capture_id, sha256, etag, modified) if etag or modified else None


@dataclass
class KnownPages:
    """What the database knows of some portals' pages: read once, at crawl start."""

    #: URL → when it last answered (< 400), in an earlier crawl
    last: dict[str, datetime] = field(default_factory=dict)
    docs: dict[str, KnownDocument] = field(default_factory=dict)
    #: URL → (its nights in the cycle, the cycle's length, its period: both in days)
    nights: dict[str, tuple[tuple[int, ...], int, int]] = field(default_factory=dict)
    #: the list entries of last time
    entries: dict[str, set[str]] = field(default_factory=dict)
    #: portals with a report ``gone`` once: their lists are walked whole tonight
    gone: set[int | None] = field(default_factory=set)
    #: portal id → its week, its known documents dealt (its fans' pages are dealt after)
    weeks: dict[int | None, PortalWeek] = field(default_factory=dict)
    #: URL → the validators of its last 200 (crawler/middlewares/conditional.py)
    validators: dict[str, Validators] = field(default_factory=dict)

    @classmethod
    def read(
        cls, sessions: sessionmaker[Session], portal_ids: list[int], crawl_id: int | None = None
    ) -> KnownPages:
        known = cls()
        parent = aliased(Document)
        with sessions() as session:
            fetched = session.execute(
                select(Capture.url, Capture.portal_id, func.max(Capture.fetched_at))
                .where(Capture.portal_id.in_(portal_ids))  # list API pages are POSTs too
                .where(Capture.status < 400)
                .where(or_(Capture.crawl_id.is_(None), Capture.crawl_id != crawl_id))
                .group_by(Capture.url, Capture.portal_id)
            ).all()
            rows = session.execute(
                select(
                    Document.url,
                    Document.kind,
                    parent.url,
                    Report.year,
                    Report.status,
                    Document.portal_id,
                )
                .join(Report, Report.id == Document.report_id)
                .outerjoin(parent, parent.id == Document.parent_id)
                .where(Document.portal_id.in_(portal_ids))
            ).all()
            codes: Sequence[tuple[int, str, dict[str, Any] | None]] = session.execute(
                select(Portal.id, Portal.region_code, Portal.columns).where(
                    Portal.id.in_(portal_ids)
                )
            ).all()
            known.validators = read_validators(session, portal_ids, crawl_id)
            known.entries = {
                url: set(entry.split(","))
                for url, entry in session.execute(
                    select(ListEntry.url, ListEntry.entry).where(
                        ListEntry.portal_id.in_(portal_ids)
                    )
                )
            }
        newest: dict[int | None, int] = {}
        for url, kind, parent_url, year, status, portal_id in rows:
            known.docs[url] = KnownDocument(kind, parent_url, year, status, portal_id)
            if status == "gone":
                known.gone.add(portal_id)
            if year is not None and year > newest.get(portal_id, 0):
                newest[portal_id] = year
        groups: dict[tuple[int | None, int], list[str]] = {}
        for url, portal_id, at in fetched:
            known.last[url] = at
            doc = known.docs.get(url)
            days = period(doc.year if doc else None, newest.get(portal_id), doc is not None)
            groups.setdefault((portal_id, days), []).append(url)
        known.weeks = {pid: portal_week(code, kept) for pid, code, kept in codes}
        # the newest year's first: two nights each, the week's own levelled round them
        for (portal_id, days), urls in sorted(groups.items(), key=lambda g: g[0][1]):
            week = known.week(portal_id, "")
            if days == NEWEST_EVERY:
                pairs = week.deal_twice(urls)
                known.nights.update({u: (p, WEEK, days) for u, p in pairs.items()})
            else:
                nights = week.deal(urls, days)
                known.nights.update({u: ((n,), days, days) for u, n in nights.items()})
        return known

    def week(self, portal_id: int | None, code: str) -> PortalWeek:
        """The portal's week, its known documents dealt."""
        return self.weeks.get(portal_id) or self.weeks.setdefault(portal_id, portal_week(code))

    def due(self, url: str, today: date) -> bool:
        nights, cycle, days = self.nights.get(url, ((0,), 1, 1))
        return is_due(nights, self.last.get(url), days, today, cycle)


def read_validators(
    session: Session, portal_ids: list[int], crawl_id: int | None
) -> dict[str, Validators]:
    """Each URL's last GET answered 200 before this crawl, with its validators: read once
    here rather than by the conditional middleware for every request, on the reactor."""
    out = {}
    latest = latest_ids(
        Capture.portal_id.in_(portal_ids),
        Capture.method == "GET",
        Capture.status == 200,
        or_(Capture.crawl_id.is_(None), Capture.crawl_id != crawl_id),
    )
    rows: Sequence[tuple[int, str, str, list[list[str]]]] = session.execute(
        select(Capture.id, Capture.url, Capture.sha256, Capture.response_headers).where(
            Capture.id.in_(latest)
        )
    ).all()
    for cid, url, digest, headers in rows:
        found = Validators.of(cid, digest, headers)
        if found is not None:
            out[url] = found
    return out
