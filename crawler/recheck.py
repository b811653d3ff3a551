"""Re-check known report pages that this crawl did not reach through the column.

When a portal's walk is done (crawler/walks.py: none of its requests is left;
at the latest when the spider goes idle), every known document of the portal,
if its home page answered, is requested once more if no link led to it
this time.  Its answer (404/410, or still there but unlinked) is what the
withdrawn rule needs; the request carries the page's validators like any
other, so an unchanged page costs a 304.  A document the nightly schedule
skipped tonight (crawler/nightly.py) is not re-checked: its list still links
it.  Nor is an attachment of a skipped report page, unless its own night has
come: then it is fetched as if the page had linked it.  On a night that held
back a portal's deeper list pages, a known report no link led to is *probed*
on its own night (its answer counts only if it says gone) and skipped on the
others (crawler/night_walk.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response
from scrapy.utils.asyncio import create_looping_call
from sqlalchemy import select
from sqlalchemy.orm import aliased

from archive.models import Document, Report
from crawler.nightly import nightly_plan
from crawler.walks import portal_walks

if TYPE_CHECKING:
    from crawler.spiders.portals import PortalSpider

#: how often (seconds) the walks are looked at for portals whose walk is over
LOOK_EVERY = 0.25


class RecheckKnownReports:
    def __init__(self, crawler: Crawler) -> None:
        from crawler.context import crawl_context

        ctx = crawl_context(crawler)
        if ctx is None:
            raise NotConfigured("no database for this crawler")
        self.crawler = crawler
        self.sessions = ctx.sessions
        self.walks = portal_walks(crawler)
        self.seen: set[str] = set()
        self.portals_ok: dict[int, dict[str, object]] = {}
        #: portals whose re-checks went out
        self.done: set[int] = set()
        self.looking = create_looping_call(self.look)
        crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RecheckKnownReports:
        return cls(crawler)

    def spider_opened(self, spider: Spider) -> None:
        self.spider = cast("PortalSpider", spider)
        self.looking.start(LOOK_EVERY, now=False)

    def spider_closed(self, spider: Spider) -> None:
        if self.looking.running:
            self.looking.stop()

    def request_scheduled(self, request: Request, spider: Spider) -> None:
        self.seen.add(request.url)

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        self.seen.add(response.url)
        portal = request.meta.get("portal")
        # the walk began: at the home page, or at a page that listed reports last time
        shortcut = request.meta.get("nianbao_shortcut") and not request.meta.get("redirect_urls")
        started = request.meta.get("role") == "home" or shortcut
        home_ok = started and response.status < 400
        if home_ok and portal and portal.get("portal_id") is not None:
            self.portals_ok[int(portal["portal_id"])] = portal

    def look(self) -> None:
        """Re-check the known documents of the portals whose walk is over."""
        waiting = [pid for pid in self.portals_ok if pid not in self.done]
        if waiting:
            self.recheck(self.walks.done(waiting))

    def spider_idle(self, spider: Spider) -> None:
        if self.recheck([pid for pid in self.portals_ok if pid not in self.done]):
            raise DontCloseSpider

    def recheck(self, portal_ids: list[int]) -> int:
        """Request these portals' known documents no link led to; how many were requested."""
        if not portal_ids:
            return 0
        self.done.update(portal_ids)
        parent = aliased(Document)
        with self.sessions() as session:
            docs = session.execute(
                select(Document.url, Document.kind, Document.title, Document.portal_id, parent.url)
                .where(Document.portal_id.in_(portal_ids))
                .join(Report, Report.id == Document.report_id)
                .outerjoin(parent, parent.id == Document.parent_id)
                .where(Report.status != "withdrawn")  # back only when its column links it
                .order_by(Document.id)
            ).all()
        plan = nightly_plan(self.crawler)
        spider = self.spider
        sent = 0
        for url, kind, title, portal_id, parent_url in docs:
            if url in self.seen or portal_id is None:  # (never None: asked by portal)
                continue
            portal = self.portals_ok[portal_id]
            choice = plan.at_idle(url, kind, parent_url, portal) if plan else "recheck"
            if choice == "skip":
                continue
            role = "attachment" if kind == "attachment" else "report"
            meta = {"portal": portal, "role": role, "hops": 99, "link_text": title or ""}
            if choice in ("recheck", "probe"):
                meta |= {"recheck": True, "doc_kind": kind, "probe": choice == "probe"}
            else:
                meta["parent_url"] = parent_url
            request = Request(url, callback=spider.parse, errback=spider.failed, meta=meta)
            assert self.crawler.engine is not None
            self.crawler.engine.crawl(request)
            sent += 1
        return sent
