"""Run one crawl pass: the one function the CLI, the scheduler and the tests call.

It opens the database, registers the seeds' regions and portals, starts (or
resumes) its own crawl row, runs the spider through Scrapy's engine (whose
components open the archive from settings), and stores the summary.  Several
crawls may write one database and one archive at once: blobs and WARC files are
never shared between writers, rows are created by unique constraint, and a crawl
row left ``running`` by a process that died is resumed by the next crawl of the
same portals.
"""

from __future__ import annotations

import logging
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from archive.db import open_database
from archive.models import Capture, Crawl, Portal
from archive.places import ensure_portal
from crawler.context import crawl_context, crawl_settings
from crawler.portal import PortalRef
from crawler.summary import crawl_summary
from nianbao.config import Settings


def register_portals(sessions: sessionmaker[Session], portals: list[PortalRef]) -> list[PortalRef]:
    """Make sure each seed has its region and portal rows; return refs carrying portal ids."""
    from registry import regions as registry

    out = []
    with sessions() as session:
        for p in portals:
            shipped = registry.get(p.code)  # a shipped URL keeps its source
            source = shipped.url_source if shipped and shipped.url == p.url else None
            row, _ = ensure_portal(
                session, p.code, p.name, p.level, p.parent_code, p.url, source or "seed"
            )
            out.append(PortalRef(p.code, p.name, p.level, p.parent_code, p.url, row.id))
        session.commit()
    return out


def process_identity(pid: int | None = None) -> str:
    """``host:pid:start``: names one process for ever (a reused pid has another start time)."""
    pid = pid or os.getpid()
    try:
        start = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        start = "?"
    return f"{socket.gethostname()}:{pid}:{start}"


def owner_is_dead(owner: str | None) -> bool:
    """True when the process that ran a crawl row is gone (known only on its own host)."""
    if not owner:
        return True  # rows from before owners were recorded
    host, _, rest = owner.partition(":")
    pid, _, _start = rest.partition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False  # another machine's crawl: never adopted from here
    return process_identity(int(pid)) != owner


def _start_crawl(sessions: sessionmaker[Session], seeds: str) -> tuple[int, bool]:
    """This process's own crawl row: an interrupted crawl of the same seeds, or a new one.

    A crawl row is adopted only when the process that ran it is dead, and by
    compare-and-set on its owner, so two processes never share a crawl row.
    """
    me = process_identity()
    with sessions() as session:
        unfinished = session.scalars(
            select(Crawl)
            .where(Crawl.status == "running", Crawl.seeds == seeds)
            .order_by(Crawl.id.desc())
        ).all()
        for crawl in unfinished:
            if not owner_is_dead(crawl.owner):
                continue
            owner = Crawl.owner.is_(None) if crawl.owner is None else Crawl.owner == crawl.owner
            claimed = session.execute(
                update(Crawl).where(Crawl.id == crawl.id, owner).values(owner=me)
            )
            session.commit()
            if claimed.rowcount == 1:  # type: ignore[attr-defined]
                return crawl.id, True
        crawl = Crawl(started_at=datetime.now(UTC), status="running", seeds=seeds, owner=me)
        session.add(crawl)
        session.commit()
        return crawl.id, False


def _claim_batch(sessions: sessionmaker[Session], crawl_id: int) -> bool:
    """Take a batch's row (the queue runs one job per batch at a time); True if resuming."""
    with sessions() as session:
        crawl = session.get(Crawl, crawl_id)
        if crawl is None:
            raise ValueError(f"no crawl row {crawl_id}")
        crawl.owner, crawl.status = process_identity(), "running"
        resuming = session.scalars(
            select(Capture.id).where(Capture.crawl_id == crawl_id).limit(1)
        ).first()
        session.commit()
        return resuming is not None


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
    crawl_row: int | None = None,
    full: bool = False,
) -> dict[str, Any]:
    """Crawl ``portals`` once; return the summary (also stored on the crawl row).

    ``full`` fetches every known report page and attachment again; by default they
    follow the nightly schedule (crawler/nightly.py) and the lists are fetched.
    """
    from scrapy.crawler import CrawlerProcess

    from crawler.spiders.portals import PortalSpider

    sessions = open_database(settings.db_url)
    portals = register_portals(sessions, portals)
    scope = f"{seeds_label} [{','.join(sorted(p.code for p in portals))}]"
    if crawl_row is not None:  # a cluster batch: its row was made when the crawl was enqueued
        crawl_id, resuming = crawl_row, _claim_batch(sessions, crawl_row)
    else:
        crawl_id, resuming = _start_crawl(sessions, scope)
    s = scrapy_settings(render, obey_robots, quiet, overrides)
    s.set("NIANBAO_PARSE_LIMITS", settings.limits)
    s.set("NIANBAO_FULL", full)
    s.setdict(crawl_settings(settings.db_url, str(settings.archive_dir), crawl_id, resuming))
    process = CrawlerProcess(s)
    # Scrapy's root handler drops records below LOG_LEVEL but leaves the root logger at
    # NOTSET, so every library's debug call (charset_normalizer's, on every page) built a
    # record only for it to be dropped
    logging.root.setLevel(s.get("LOG_LEVEL"))
    crawler = process.create_crawler(PortalSpider)
    process.crawl(crawler, portals=portals)
    process.start()
    ctx = crawl_context(crawler)
    if ctx is not None:
        ctx.writer.close()
        ctx.store.close()
    summary_ext = crawl_summary(crawler)
    assert summary_ext is not None
    sites = summary_ext.as_dict()
    by_code = {p.code: p for p in portals}
    for code, site in sites.items():
        if code in by_code:
            site["name"] = by_code[code].name
            site["url"] = by_code[code].url
    for p in portals:
        sites.setdefault(p.code, {"name": p.name, "url": p.url, "pages": 0, "failures": []})
    reason = (crawler.stats.get_value("finish_reason") if crawler.stats else None) or "finished"
    extra = summary_ext.extra_alerts
    summary: dict[str, Any] = {
        "crawl_id": crawl_id,
        "resumed": resuming,
        "finish_reason": reason,
        "full": full,
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
        "skipped_known",
        "due_known",
        "changed_entries",
        "skipped_lists",
        "started_at_lists",
        "skipped_nav",
        "lists_moved",
    )
    totals = {k: sum(int(s.get(k, 0)) for s in sites.values()) for k in keys}
    for key in ("browser_seconds", "download_seconds"):  # time spent fetching, summed per page
        totals[key] = round(sum(float(s.get(key, 0.0)) for s in sites.values()), 3)  # type: ignore[assignment]
    totals["failed_sites"] = sum(1 for s in sites.values() if s.get("failures"))
    return totals
