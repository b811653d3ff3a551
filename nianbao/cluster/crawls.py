"""A crawl spread over batches, in the crawls table: the parent row and one row per batch.

The parent is what people see (its summary is the sum of its batches'); each
batch row is what one ``nianbao crawl`` process claims and fills, exactly as a
crawl on one machine fills its own row.  The last batch to end closes the
parent by compare-and-set, so alerts are delivered once per crawl, by one worker.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import exists, func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from archive.models import Capture, Crawl
from crawler.portal import PortalRef
from nianbao.cluster.batches import registrable_domain

#: batch row status → the name ``cluster status`` reports
STATUS_NAMES = {"queued": "queued", "running": "running", "finished": "done", "failed": "failed"}


def create_crawl(
    sessions: sessionmaker[Session],
    label: str,
    batches: list[tuple[int, list[PortalRef]]],
    full: bool = False,
) -> tuple[int, list[tuple[int, int]]]:
    """The parent row and a queued row per batch; returns (crawl id, [(batch id, group)]).

    ``full`` is kept on each batch row: its ``nianbao crawl`` runs with ``--full``.
    """
    now = datetime.now(UTC)
    with sessions() as session:
        parent = Crawl(started_at=now, status="running", seeds=label)
        session.add(parent)
        session.flush()
        rows = []
        for group, portals in batches:
            seeds: dict[str, Any] = {"group": group, "portals": [p.as_meta() for p in portals]}
            if full:
                seeds["full"] = True
            row = Crawl(
                started_at=now,
                status="queued",
                seeds=json.dumps(seeds, ensure_ascii=False),
                parent_id=parent.id,
            )
            session.add(row)
            session.flush()
            rows.append((row.id, group))
        session.commit()
        return parent.id, rows


#: the PostgreSQL advisory lock ``nianbao enqueue`` holds while it looks and queues
ENQUEUE_LOCK = 0x6E69616E62616F  # "nianbao"


@contextmanager
def enqueuing(sessions: sessionmaker[Session]) -> Iterator[None]:
    """Hold the enqueue lock (on a connection of its own) for the block."""
    with sessions() as session:
        session.execute(text("SELECT pg_advisory_lock(:k)"), {"k": ENQUEUE_LOCK})
        try:
            yield
        finally:
            session.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": ENQUEUE_LOCK})


@dataclass(frozen=True)
class OpenCrawl:
    """A cluster crawl with batches still queued or running."""

    crawl_id: int
    batches: int
    portals: tuple[PortalRef, ...]
    full: bool


def open_crawls(sessions: sessionmaker[Session]) -> list[OpenCrawl]:
    """The cluster crawls not yet ended, with their portals (read from their batch rows)."""
    child = Crawl.__table__.alias("child")
    open_batches = exists().where(
        child.c.parent_id == Crawl.id, child.c.status.in_(("queued", "running"))
    )
    out = []
    with sessions() as session:
        parents = session.scalars(
            select(Crawl.id).where(
                Crawl.parent_id.is_(None), Crawl.status == "running", open_batches
            )
        ).all()
        for parent_id in parents:
            batches = session.scalars(select(Crawl.seeds).where(Crawl.parent_id == parent_id)).all()
            parts = [json.loads(b or "{}") for b in batches]
            portals = tuple(
                PortalRef.from_meta(p) for part in parts for p in part.get("portals", [])
            )
            full = all(bool(part.get("full")) for part in parts)
            out.append(OpenCrawl(parent_id, len(parts), portals, full))
    return out


class CrawlsOverlap(Exception):
    """Another crawl still open holds portals on the same registrable domains."""


def open_crawl_of(
    sessions: sessionmaker[Session], portals: list[PortalRef], full: bool
) -> OpenCrawl | None:
    """The open crawl of these very portals (enqueuing again adds nothing), or None.

    Raises CrawlsOverlap when an open crawl holds another set on any of their
    registrable domains: the two at once would crawl one host from two workers (their
    host groups, cut from different sets, need not match).
    """
    codes = {p.code for p in portals}
    domains = {registrable_domain(p.url) for p in portals}
    for crawl in open_crawls(sessions):
        if {p.code for p in crawl.portals} == codes and crawl.full == full:
            return crawl
        shared = domains & {registrable_domain(p.url) for p in crawl.portals}
        if shared:
            raise CrawlsOverlap(
                f"crawl {crawl.crawl_id} is still queued or running on {len(shared)} of these "
                f"portals' domains ({', '.join(sorted(shared)[:3])}"
                f"{', …' if len(shared) > 3 else ''}): enqueue once it has "
                "ended, or two workers would crawl one host at once"
            )
    return None


def finish_batch(sessions: sessionmaker[Session], batch_id: int, status: str, reason: str) -> None:
    with sessions() as session:
        row = session.get(Crawl, batch_id)
        assert row is not None
        row.status = status
        row.finished_at = datetime.now(UTC)
        row.summary = (row.summary or {}) | {"failure": reason}
        session.commit()


def finish_crawl_if_done(sessions: sessionmaker[Session], crawl_id: int) -> bool:
    """Close the crawl when no batch is left to run; True for the one caller that closed it."""
    child = Crawl.__table__.alias("child")
    open_batches = exists().where(
        child.c.parent_id == crawl_id, child.c.status.in_(("queued", "running"))
    )
    with sessions() as session:
        closed = session.execute(
            update(Crawl)
            .where(Crawl.id == crawl_id, Crawl.status == "running", ~open_batches)
            .values(status="finished", finished_at=datetime.now(UTC))
        )
        if closed.rowcount != 1:  # type: ignore[attr-defined]
            session.rollback()
            return False
        batches = session.scalars(select(Crawl).where(Crawl.parent_id == crawl_id)).all()
        parent = session.get(Crawl, crawl_id)
        assert parent is not None
        parent.summary = sum_summaries(crawl_id, [b.summary or {} for b in batches])
        session.commit()
        return True


def sum_summaries(crawl_id: int, parts: list[dict[str, Any]]) -> dict[str, Any]:
    """One crawl's summary from its batches' (their portals are disjoint)."""
    sites: dict[str, Any] = {}
    totals: dict[str, int | float] = {}  # counts, and seconds (browser_seconds)
    for part in parts:
        sites.update(part.get("sites") or {})
        for key, value in (part.get("totals") or {}).items():
            if isinstance(value, int | float):
                totals[key] = totals.get(key, 0) + value
    failed = [p["failure"] for p in parts if p.get("failure")]
    return {
        "crawl_id": crawl_id,
        "batches": len(parts),
        "failed_batches": len(failed),
        "sites": sites,
        "totals": totals,
    }


def cluster_status(session: Session, limit: int = 20) -> list[dict[str, Any]]:
    """Per cluster crawl (newest first): how many of its batches are in each state, how many
    of its portals are in batches done, and how many responses its batches archived so far
    (a running crawl's progress, read from what the batches committed)."""
    parents = session.scalars(
        select(Crawl)
        .where(exists().where(Crawl.__table__.alias("c").c.parent_id == Crawl.id))
        .order_by(Crawl.id.desc())
        .limit(limit)
    ).all()
    out = []
    for parent in parents:
        counts = dict.fromkeys(STATUS_NAMES.values(), 0)
        portals = {"done": 0, "total": 0}
        rows = session.execute(
            select(Crawl.status, Crawl.seeds).where(Crawl.parent_id == parent.id)
        )
        for status, seeds in rows:
            name = STATUS_NAMES.get(status, status)
            counts[name] = counts.get(name, 0) + 1
            size = len(json.loads(seeds or "{}").get("portals", []))
            portals["total"] += size
            portals["done"] += size if name == "done" else 0
        archived = session.scalar(
            select(func.count())
            .select_from(Capture)
            .join(Crawl, Crawl.id == Capture.crawl_id)
            .where(Crawl.parent_id == parent.id)
        )
        out.append(
            {
                "crawl": parent.id,
                "status": parent.status,
                "started": parent.started_at.isoformat(timespec="seconds"),
                "batches": counts,
                "portals": portals,
                "responses": int(archived or 0),
            }
        )
    return out
