"""Run one crawl pass: the one function the CLI, the scheduler and the tests call.

It opens the archive and database, registers the seeds' regions and portals,
starts (or resumes) a crawl row, runs the spider through Scrapy's engine, and
stores the summary.  A file lock keeps two crawls off one archive; a crawl
row left ``running`` without the lock was interrupted and is resumed.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.capture_store import CaptureStore
from archive.db import open_database
from archive.models import Crawl, Portal, Region
from crawler.portal import PortalRef
from nianbao.config import Settings


@dataclass(frozen=True)
class CrawlContext:
    """What the crawl's Scrapy components share; hung on the crawler (settings are copied)."""

    store: CaptureStore
    sessions: sessionmaker[Session]
    crawl_id: int
    resuming: bool


def crawl_context(crawler: Any) -> CrawlContext | None:
    return getattr(crawler, "nianbao", None)


class CrawlBusy(Exception):
    """Another crawl holds the archive's lock."""


@contextmanager
def crawl_lock(archive_dir: Path) -> Iterator[None]:
    archive_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(archive_dir / ".crawl.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise CrawlBusy(f"another crawl is running on {archive_dir}") from None
        yield
    finally:
        os.close(fd)


def ensure_region(
    session: Session, code: str, name: str, level: str, parent_code: str | None
) -> None:
    """Insert a region and, from the shipped registry, the chain of regions above it."""
    from crawler import regions as registry

    while code and session.get(Region, code) is None:
        known = registry.resolve(code)
        if known is not None and known.code == code:
            name, level, parent_code = known.name, known.level, known.parent_code
            full = registry.full_name(code, strict=False)
        else:
            full = None
        session.add(
            Region(code=code, name=name, level=level, parent_code=parent_code, full_name=full)
        )
        session.flush()
        parent = registry.resolve(parent_code) if parent_code else None
        if parent is None:
            return
        code, name, level, parent_code = parent.code, parent.name, parent.level, parent.parent_code


def ensure_portal(
    session: Session, code: str, name: str, level: str, parent_code: str | None, url: str
) -> tuple[Portal, bool]:
    """The portal row for ``url`` (with its region and the regions above); True if new."""
    ensure_region(session, code, name, level, parent_code)
    row = session.scalars(select(Portal).where(Portal.url == url)).first()
    if row is not None:
        return row, False
    row = Portal(region_code=code, name=name, url=url)
    session.add(row)
    session.flush()
    return row, True


def register_portals(sessions: sessionmaker[Session], portals: list[PortalRef]) -> list[PortalRef]:
    """Make sure each seed has its region and portal rows; return refs carrying portal ids."""
    out = []
    with sessions() as session:
        for p in portals:
            row, _ = ensure_portal(session, p.code, p.name, p.level, p.parent_code, p.url)
            out.append(PortalRef(p.code, p.name, p.level, p.parent_code, p.url, row.id))
        session.commit()
    return out


def _start_crawl(sessions: sessionmaker[Session], seeds: str) -> tuple[int, bool]:
    with sessions() as session:
        unfinished = session.scalars(
            select(Crawl).where(Crawl.status == "running").order_by(Crawl.id.desc())
        ).first()
        if unfinished is not None:
            return unfinished.id, True
        crawl = Crawl(started_at=datetime.now(UTC), status="running", seeds=seeds)
        session.add(crawl)
        session.commit()
        return crawl.id, False


def scrapy_settings(
    render: str, obey_robots: bool, quiet: bool, overrides: dict[str, Any] | None = None
) -> Any:
    from scrapy.settings import Settings as ScrapySettings

    s = ScrapySettings()
    s.setmodule("crawler.settings", priority="project")
    s.set("NIANBAO_RENDER", render)
    s.set("NIANBAO_QUIET", quiet)
    s.set("ROBOTSTXT_OBEY", obey_robots)
    s.set("LOG_INSTALL_ROOT_HANDLER", True)
    if render != "never":
        handler = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"
        s.set("DOWNLOAD_HANDLERS", {"http": handler, "https": handler})
    for key, value in (overrides or {}).items():
        s.set(key, value)
    return s


def run_crawl(
    settings: Settings,
    portals: list[PortalRef],
    render: str = "auto",
    obey_robots: bool = True,
    quiet: bool = False,
    seeds_label: str = "",
    overrides: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Crawl ``portals`` once; return the summary (also stored on the crawl row)."""
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.portals import PortalSpider

    sessions = open_database(settings.db_url)
    with crawl_lock(settings.archive_dir):
        portals = register_portals(sessions, portals)
        crawl_id, resuming = _start_crawl(sessions, seeds_label)
        store = CaptureStore(settings.archive_dir, sessions)
        s = scrapy_settings(render, obey_robots, quiet, overrides)
        s.set("NIANBAO_PARSE_LIMITS", settings.limits)
        process = CrawlerProcess(s)
        crawler = process.create_crawler(PortalSpider)
        crawler.nianbao = CrawlContext(store, sessions, crawl_id, resuming)  # type: ignore[attr-defined]
        process.crawl(crawler, portals=portals)
        process.start()
        store.close()
        sites = crawler.nianbao_summary.as_dict()  # type: ignore[attr-defined]
        by_code = {p.code: p for p in portals}
        for code, site in sites.items():
            if code in by_code:
                site["name"] = by_code[code].name
                site["url"] = by_code[code].url
        for p in portals:
            sites.setdefault(p.code, {"name": p.name, "url": p.url, "pages": 0, "failures": []})
        reason = (crawler.stats.get_value("finish_reason") if crawler.stats else None) or "finished"
        extra = crawler.nianbao_summary.extra_alerts  # type: ignore[attr-defined]
        summary: dict[str, Any] = {
            "crawl_id": crawl_id,
            "resumed": resuming,
            "finish_reason": reason,
            "sites": sites,
            "totals": _totals(sites)
            | {k: sum(1 for _, kind in extra if kind == k) for k in ("withdrawn", "restored")},
        }
        _record_platforms(sessions, portals, sites)
        with sessions() as session:
            crawl = session.get(Crawl, crawl_id)
            assert crawl is not None
            crawl.finished_at = datetime.now(UTC)
            # a crawl stopped early stays "running": the next run resumes it
            crawl.status = "finished" if reason == "finished" else "running"
            crawl.summary = summary
            session.commit()
    return summary


def _record_platforms(
    sessions: sessionmaker[Session], portals: list[PortalRef], sites: dict[str, dict[str, Any]]
) -> None:
    """Keep the platform a portal's lists were read as on its row (the first one seen)."""
    with sessions() as session:
        for p in portals:
            found = sites.get(p.code, {}).get("platforms") or []
            row = session.get(Portal, p.portal_id) if p.portal_id else None
            if row is not None and found and row.platform != found[0]:
                row.platform = found[0]
        session.commit()


def _totals(sites: dict[str, dict[str, Any]]) -> dict[str, int]:
    keys = (
        "pages",
        "rendered",
        "captures",
        "reports",
        "attachments",
        "new",
        "revised",
        "unchanged",
    )
    totals = {k: sum(int(s.get(k, 0)) for s in sites.values()) for k in keys}
    for key in ("browser_seconds", "download_seconds"):  # time spent fetching, summed per page
        totals[key] = round(sum(float(s.get(key, 0.0)) for s in sites.values()), 3)  # type: ignore[assignment]
    totals["failed_sites"] = sum(1 for s in sites.values() if s.get("failures"))
    return totals
