"""Archive every response, byte for byte, before any other middleware touches it.

This sits next to the downloader (priority 950), so it sees each response as
it came off the wire: redirects, errors and robots.txt included, and bodies
still content-encoded.  That is why archiving is a downloader middleware and
not only an item pipeline: the spider never sees a 302 or a gzip body.  The
capture's id and sha256 travel on in ``request.meta["nianbao_capture"]``.
A render whose body is the browser's DOM is not archived when the page as sent
is archived by another capture: a challenge's render (the request after it
carries the page) and a render given the plain answer that sent the page to
the browser (a list built by script; every page with ``--render always``).
The one render still archived as its DOM is one no plain answer was kept for: a
JSON API's origin page that was itself read in the browser, rendered again because
its API answered empty (crawler/platforms/jsonapi.py).
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from archive.capture_store import CaptureJob, CaptureStore
from archive.warc_records import HttpExchange
from crawler.db_writer import ArchiveWriter
from crawler.headers import header_pairs
from crawler.middlewares.browser_answer import archived_elsewhere

logger = logging.getLogger(__name__)

#: hop-by-hop framing that no longer describes the stored (de-chunked) body
_FRAMING = {"transfer-encoding"}


def exchange_of(request: Request, response: Response) -> HttpExchange:
    resp_headers = [
        (k if k.lower() not in _FRAMING else f"X-Archive-Orig-{k}", v)
        for k, v in header_pairs(response.headers)
    ]
    from http.client import responses as reasons

    return HttpExchange(
        url=response.url,
        method=request.method,
        request_headers=header_pairs(request.headers),
        request_body=request.body or b"",
        status=response.status,
        reason=reasons.get(response.status, ""),
        response_headers=resp_headers,
        body=response.body,
        fetched_at=datetime.now(UTC),
        protocol=str(response.protocol or "HTTP/1.1").upper(),
    )


class ArchiveCaptureMiddleware:
    """Writes each downloaded response to the blob store, a WARC file and the captures table."""

    def __init__(
        self,
        crawler: Crawler,
        store: CaptureStore,
        crawl_id: int | None,
        writer: ArchiveWriter | None = None,
    ) -> None:
        self.crawler = crawler
        self.store = store
        self.crawl_id = crawl_id
        self.writer = writer or ArchiveWriter()
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchiveCaptureMiddleware:
        from crawler.context import crawl_context

        ctx = crawl_context(crawler)
        if ctx is None:
            raise NotConfigured("no archive for this crawler: nothing would be archived")
        return cls(crawler, ctx.store, ctx.crawl_id, ctx.writer)

    async def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if request.meta.get("nianbao_from_archive") or archived_elsewhere(request.meta):
            return response
        portal = request.meta.get("portal") or {}
        # on the writer thread, with the other responses waiting there: the reactor fetches
        # other pages while this one is made durable
        job = CaptureJob(
            exchange_of(request, response),
            crawl_id=self.crawl_id,
            portal_id=portal.get("portal_id"),
            validated_id=request.meta.get("nianbao_validated"),
        )
        stored = await self.writer.grouped(self.store.record_group, job)
        request.meta["nianbao_capture"] = stored
        if self.crawler.stats:
            self.crawler.stats.inc_value("nianbao/captures")
            if stored.warc_type == "revisit":
                self.crawler.stats.inc_value("nianbao/revisits")
        return response

    def spider_closed(self, spider: Spider) -> None:
        self.writer.call(self.store.close)
