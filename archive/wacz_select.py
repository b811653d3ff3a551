"""What a WACZ package holds: the captures of a crawl or a region, and one page per report.

A package must replay on its own, so every revisit in it needs the response that
holds its payload: a revisit whose response was made by an earlier crawl (every
304 of a nightly crawl) brings that response along (``carried``); a payload no
response record holds is named in ``requires`` instead of being left to fail.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from archive.earlier_captures import payload_holders
from archive.lookup import region_and_descendants, resolve_region
from archive.models import Capture, Crawl, Document, Organ, Portal, Report


class NothingToPackage(LookupError):
    """The crawl or region named holds no capture (or is unknown)."""


@dataclass(frozen=True)
class Page:
    """One entry of ``pages/pages.jsonl``: a report's page, at the time to open it."""

    id: str
    url: str
    title: str
    ts: datetime


@dataclass
class Selection:
    captures: list[Capture]
    #: responses outside the selection that its revisits need
    carried: list[Capture] = field(default_factory=list)
    #: revisits whose payload no response record in the archive holds
    requires: list[Capture] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)

    def records(self) -> list[Capture]:
        """Every capture whose WARC record goes in: carried responses first (they are older)."""
        return sorted(self.carried, key=_order) + self.captures


def _order(c: Capture) -> tuple[datetime, int]:
    return (_aware(c.fetched_at), c.id)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def select_package(session: Session, crawl: int | None, region: str | None) -> Selection:
    """The captures of ``crawl`` (and its batches) and/or of ``region`` (and the regions under it)."""
    query = select(Capture)
    if crawl is not None:
        if session.get(Crawl, crawl) is None:
            raise NothingToPackage(f"no crawl {crawl}")
        batches = select(Crawl.id).where(Crawl.parent_id == crawl)
        query = query.where(or_(Capture.crawl_id == crawl, Capture.crawl_id.in_(batches)))
    codes: list[str] | None = None
    if region is not None:
        found = resolve_region(session, region)
        if found is None:
            raise NothingToPackage(f"no region {region!r} (or a name several regions share)")
        codes = region_and_descendants(session, found.code)
        portals = select(Portal.id).where(Portal.region_code.in_(codes))
        # the portals' captures, their sites' robots.txt (no portal of its own) and the reports
        hosts = {
            _site(u)
            for u in session.scalars(select(Portal.url).where(Portal.region_code.in_(codes)))
        }
        query = query.where(
            or_(
                Capture.portal_id.in_(portals),
                Capture.url.in_(_report_urls(codes)),
                Capture.url.in_([h + "/robots.txt" for h in hosts]),
            )
        )
    captures = sorted(session.scalars(query).all(), key=_order)
    if not captures:
        raise NothingToPackage("nothing to package: no capture matches")
    chosen = Selection(captures)
    payloads = {c.sha256 for c in captures if c.warc_type == "response"}
    holders = payload_holders(
        session, {c.sha256 for c in captures if c.warc_type == "revisit"} - payloads
    )
    for c in captures:
        if c.warc_type != "revisit" or c.sha256 in payloads:
            continue
        holder = holders.get(c.sha256)
        if holder is None:
            chosen.requires.append(c)
        else:
            chosen.carried.append(holder)
            payloads.add(c.sha256)
    chosen.pages = _pages(session, captures, codes)
    return chosen


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _report_urls(codes: list[str]):  # type: ignore[no-untyped-def]
    return (
        select(Document.url)
        .join(Report, Document.report_id == Report.id)
        .join(Organ, Report.organ_id == Organ.id)
        .where(Organ.region_code.in_(codes))
    )


def _pages(session: Session, captures: list[Capture], codes: list[str] | None) -> list[Page]:
    """One page per report with a readable capture in the package: its article, else its file."""
    readable: dict[str, datetime] = {}
    for c in captures:
        if c.status < 400 and c.method == "GET":
            readable[c.url] = _aware(c.fetched_at)  # the newest wins: captures are in order
    query = (
        select(Report, Document)
        .join(Document, Document.report_id == Report.id)
        .where(Document.url.in_(list(readable)))
        .order_by(Report.id, Document.kind != "article", Document.id)
    )
    if codes is not None:
        query = query.join(Organ, Report.organ_id == Organ.id).where(Organ.region_code.in_(codes))
    pages: dict[int, Page] = {}
    for report, doc in session.execute(query).all():
        if report.id not in pages:
            title = report.title or doc.title or doc.url
            pages[report.id] = Page(f"report-{report.id}", doc.url, title, readable[doc.url])
    return list(pages.values())
