"""Incremental crawling: ask with the last capture's validators, answer 304s from the archive.

Each GET for a URL already archived with a 200 carries ``If-None-Match`` /
``If-Modified-Since`` from that capture.  A 304 is archived as a
not-modified revisit (the capture middleware sees it first), then turned
back into the archived full response here, so the spider follows the links
of an unchanged list page without the portal sending it again.  It sits
just above HTTP decompression (590) so that archived gzip bodies are decoded
like fresh ones.  The archive is not asked whether it holds the bytes before
the request goes (a look-up per request on the reactor, an HTTP round trip on
S3, mostly for pages that answer 200 anyway): a 304 whose bytes the archive
lost is asked again without validators, and the full answer stores them anew.
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from sqlalchemy import select

from archive.archive import BlobCorrupted, BlobMissing
from archive.capture_store import CaptureStore
from archive.earlier_captures import LATEST_FIRST
from archive.models import Capture
from crawler.known_pages import Validators
from crawler.middlewares.replay import replay_response
from crawler.nightly import nightly_plan

#: request meta: sent without validators (its 304's bytes were not in the archive)
NO_VALIDATORS = "nianbao_no_validators"


class ConditionalRequestMiddleware:
    def __init__(self, store: CaptureStore, crawler: Crawler) -> None:
        self.store = store
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        from crawler.context import crawl_context

        ctx = crawl_context(crawler)
        if ctx is None or not crawler.settings.getbool("NIANBAO_CONDITIONAL", True):
            raise NotConfigured("conditional requests are off")
        return cls(ctx.store, crawler)

    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        if (
            request.method != "GET"
            or request.meta.get("playwright")
            or request.meta.get(NO_VALIDATORS)
        ):
            return None
        plan = nightly_plan(self.crawler)
        if plan is not None and plan.loaded:
            # read with the plan, once (never answered before: a first crawl asks about none)
            last = plan.known.validators.get(request.url)
        else:
            last = self._last(request.url)
        if last is None:
            return None
        if last.etag:
            request.headers["If-None-Match"] = last.etag
        if last.modified:
            request.headers["If-Modified-Since"] = last.modified
        request.meta["nianbao_validated"] = last.capture_id
        return None

    def _last(self, url: str) -> Validators | None:
        with self.store.sessions() as session:
            last = session.execute(
                select(Capture.id, Capture.sha256, Capture.response_headers)
                .where(Capture.url == url, Capture.method == "GET")
                .where(Capture.status == 200)
                .order_by(*LATEST_FIRST)
                .limit(1)
            ).first()
        return None if last is None else Validators.of(last.id, last.sha256, last.response_headers)

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        validated = request.meta.get("nianbao_validated")
        if response.status != 304 or not validated:
            return response
        with self.store.sessions() as session:
            cap = session.get(Capture, validated)
        assert cap is not None
        try:
            replayed = replay_response(self.store, cap, request, status=200)
        except (BlobMissing, BlobCorrupted):
            return unconditional(request)
        request.meta["nianbao_not_modified"] = True
        if self.crawler.stats:
            self.crawler.stats.inc_value("nianbao/not_modified")
        return replayed


def unconditional(request: Request) -> Request:
    """The request again without its validators: the server sends the whole answer."""
    headers = request.headers.copy()
    for name in ("If-None-Match", "If-Modified-Since"):
        headers.pop(name, None)
    meta = {k: v for k, v in request.meta.items() if k != "nianbao_validated"}
    return request.replace(headers=headers, meta=meta | {NO_VALIDATORS: True}, dont_filter=True)
