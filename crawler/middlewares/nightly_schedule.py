"""The nightly schedule as a spider middleware: each link the spider yields is put to the plan.

The spider finds every link of a page as on a first crawl; this middleware drops
those the night's plan (crawler/nightly.py) does not send tonight: known report
pages and attachments that are neither due nor changed, navigation a portal
started at its known lists need not walk, and a list's further pages, held
until the page is read and then released as the plan decides.  It reads what
the database knows as the spider opens and keeps tonight's list entries and
starting pages as it closes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.middlewares.browser_answer import RENDERED_AGAIN
from crawler.night_walk import ListPage
from crawler.nightly import NightlyPlan, nightly_plan

#: roles of the requests the schedule decides on
DOC_ROLES = ("report", "attachment")


class NightlyScheduleMiddleware:
    """Spider middleware: drops tonight's requests for known documents that are not due."""

    def __init__(self, crawler: Crawler, plan: NightlyPlan) -> None:
        self.crawler = crawler
        self.plan = plan
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> NightlyScheduleMiddleware:
        plan = nightly_plan(crawler)
        if plan is None:
            raise NotConfigured("no database for this crawler")
        return cls(crawler, plan)

    def spider_opened(self, spider: Spider) -> None:
        ids = [p.portal_id for p in getattr(spider, "portals", []) if p.portal_id is not None]
        self.plan.load(ids)

    def spider_closed(self, spider: Spider) -> None:
        self.plan.save(getattr(spider, "portals", []))

    def _keep(self, response: Response, item: Any, page: ListPage | None) -> bool:
        if isinstance(item, Request) and item.meta.get(RENDERED_AGAIN):
            return True  # the page shown to the browser: decided on when it was read
        if page is not None and page.holds(item):
            return False  # a further page of the list: decided once the page is read
        if not isinstance(item, Request):
            return True
        if self.plan.start.skips_nav(item, self.plan.known.last):
            self.plan.add(str(item.meta["portal"]["code"]), "skipped_nav")
            return False
        if item.meta.get("role") not in DOC_ROLES:
            return True
        return self.plan.follow(item, response, page)

    def _after(self, page: ListPage | None) -> list[Request]:
        """Once a page is read: its further list pages due tonight, or the home page
        when a starting page failed."""
        if page is None or page.response.meta.get(RENDERED_AGAIN):
            return []  # a page's render: its further pages were decided on its plain read
        out = self.plan.release(page)
        if self.plan.start.note(page.response, page):
            self.plan.add(str(page.portal.get("code", "")), "lists_moved")
            out.append(self.crawler.spider.home_request(page.portal))  # type: ignore[union-attr]
        return out

    def process_spider_output(
        self, response: Response, result: Iterable[Any], spider: Spider | None = None
    ) -> Iterator[Any]:
        page = ListPage.of(response)
        for item in result:
            if self._keep(response, item, page):
                yield item
        yield from self._after(page)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any], spider: Spider | None = None
    ) -> AsyncIterator[Any]:
        page = ListPage.of(response)
        async for item in result:
            if self._keep(response, item, page):
                yield item
        for request in self._after(page):
            yield request
