"""``nianbao regions discover``: run the walk and keep what it found in the database.

The walk (``crawler.discover``) knows nothing of the database; here every URL
it found becomes a portal with ``url_source = discovered`` and its evidence
(the page that linked it and the link text).  A seed's URL (``url_source``
``seed``, or an older row without a source, which came from a seeds file) is
never overwritten.  A portal found again on another host raises a
``portal_moved`` alert and takes the new URL.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.models import Alert, Portal
from archive.places import ensure_region
from crawler.discover.fetch import PoliteFetcher
from crawler.discover.walk import Discovery, Found, discover
from registry import regions as registry

#: seconds between two requests to one host (NIANBAO_DISCOVER_DELAY overrides)
DEFAULT_DELAY = 1.0


def start_pages(from_urls: list[str], provinces: list[str]) -> list[tuple[str, str | None]]:
    """(URL, region) to start from: the given URLs, else the shipped provincial portals."""
    wanted = [registry.resolve(p) for p in provinces]
    codes = [r.code for r in wanted if r is not None]
    if from_urls:
        shipped = {urlsplit(r.url).netloc: r.code for r in registry.load_registry() if r.url}
        only = codes[0] if len(codes) == 1 else None
        return [(u, only or shipped.get(urlsplit(u).netloc)) for u in from_urls]
    return [
        (r.url, r.code)
        for r in registry.load_registry()
        if r.level == "province" and r.url and r.current and (not codes or r.code in codes)
    ]


def run_discovery(
    from_urls: list[str], provinces: list[str], obey_robots: bool = True
) -> Discovery:
    delay = float(os.environ.get("NIANBAO_DISCOVER_DELAY", DEFAULT_DELAY))
    fetcher = PoliteFetcher(delay=delay, obey_robots=obey_robots)
    return discover(start_pages(from_urls, provinces), fetcher)


def record(session: Session, result: Discovery, now: datetime | None = None) -> dict[str, int]:
    """Store every found portal; returns counts (added, updated, kept seeds, moved)."""
    now = now or datetime.now(UTC)
    counts = {"added": 0, "updated": 0, "seeds_kept": 0, "moved": 0, "skipped": 0}
    for found in result.found.values():
        counts[_record_one(session, found, now)] += 1
    session.commit()
    return counts


def _record_one(session: Session, found: Found, now: datetime) -> str:
    region = registry.get(found.code)
    assert region is not None
    ensure_region(session, region.code, region.name, region.level, region.parent_code)
    evidence: dict[str, Any] = {"page": found.page, "text": found.text, "link": found.link}
    portals = list(session.scalars(select(Portal).where(Portal.region_code == found.code)))
    if any(p.url_source in (None, "seed") for p in portals):
        return "seeds_kept"
    taken = session.scalars(select(Portal).where(Portal.url == found.url)).first()
    if taken is not None and taken.region_code != found.code:
        return "skipped"  # another region's portal: never taken over
    if not portals:
        session.add(
            Portal(
                region_code=found.code,
                name=found.name,
                url=found.url,
                url_source="discovered",
                evidence=evidence,
            )
        )
        session.flush()
        return "added"
    portal = taken or portals[0]
    old = portal.url
    portal.evidence = evidence
    if urlsplit(old).netloc == urlsplit(found.url).netloc:
        portal.url = found.url
        return "updated"
    session.add(
        Alert(
            kind="portal_moved",
            region_code=found.code,
            created_at=now,
            details={
                "old_url": old,
                "new_url": found.url,
                "evidence_page": found.page,
            },
        )
    )
    portal.url, portal.url_source = found.url, "discovered"
    session.flush()
    return "moved"


def discovered_seeds(session: Session) -> list[registry.Region]:
    """The portals discovery stored, as seeds for a crawl of the shipped registry."""
    rows = session.scalars(
        select(Portal).where(Portal.url_source == "discovered").order_by(Portal.region_code)
    )
    out = []
    for p in rows:
        known = registry.get(p.region_code)
        if known is not None and known.own_report:
            out.append(
                registry.Region(p.region_code, known.name, known.level, known.parent_code, p.url)
            )
    return out
