"""Resume an interrupted crawl: what it already fetched is answered from the archive.

A crawl killed mid-way (even by SIGKILL) leaves its crawl row unfinished and
its captures committed.  The next run reuses that crawl and, for every GET it
had already captured with a final status, rebuilds the response from the
blob store instead of asking the portal again; the walk itself is redone, so
no state outside the database and the archive is needed.
"""

from __future__ import annotations

import logging

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from sqlalchemy import select

from archive.archive import BlobCorrupted, BlobMissing
from archive.capture_store import CaptureStore, StoredCapture
from archive.models import Capture
from crawler.middlewares.browser_answer import FULFIL
from crawler.middlewares.replay import replay_response

logger = logging.getLogger(__name__)


class ResumeFromArchiveMiddleware:
    def __init__(self, store: CaptureStore, crawl_id: int | None) -> None:
        """``crawl_id`` is the interrupted crawl being resumed, or None for a fresh crawl."""
        self.store = store
        self.done: dict[str, int] = {}
        if crawl_id is None:
            return
        with store.sessions() as session:
            rows = session.execute(
                select(Capture.url, Capture.id)
                .where(Capture.crawl_id == crawl_id, Capture.method == "GET")
                .where(Capture.status < 300)
                .order_by(Capture.id)
            ).all()
        self.done = {url: cid for url, cid in rows}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ResumeFromArchiveMiddleware:
        from crawler.context import crawl_context

        ctx = crawl_context(crawler)
        if ctx is None:
            raise NotConfigured("no archive for this crawler")
        return cls(ctx.store, ctx.crawl_id if ctx.resuming else None)

    def process_request(self, request: Request, spider: Spider | None = None) -> Response | None:
        if not self.done or request.method != "GET" or request.url not in self.done:
            return None
        if request.meta.get(FULFIL) is not None:  # rendered from the answer it carries
            return None
        with self.store.sessions() as session:
            cap = session.get(Capture, self.done[request.url])
        assert cap is not None
        try:
            replayed = replay_response(self.store, cap, request)
        except (BlobMissing, BlobCorrupted) as exc:  # the bytes are gone: fetched again
            logger.warning("resuming %s: %s; fetched again", request.url, exc)
            return None
        request.meta["nianbao_from_archive"] = True
        request.meta["nianbao_capture"] = StoredCapture(
            cap.id, cap.sha256, False, cap.changed, cap.warc_type, cap.fetched_at
        )
        return replayed
