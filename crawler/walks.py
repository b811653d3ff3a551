"""Which portals' walks are still going, so that what follows one walk need not wait for all.

The known reports that no link led to tonight are re-checked once the walk that
could have linked them is over (crawler/recheck.py).  Waiting for the whole
crawl's end (Scrapy's ``spider_idle``) made every portal wait for the slowest
one, a browser-rendered list or a challenge, and a quiet night's re-checks went
out seconds after every list had been read, one host's polite pace after another.

A portal's walk is over when the spider has handed all its start requests to
the engine, and none of the portal's requests is held by the scheduler (counted
by ``PortalScheduler``) or in progress in the engine: from the moment it leaves
the scheduler until its response (or failure) has been read and the requests it
led to (links, redirects, retries, challenges) are scheduled, which Scrapy does
before it lets the request go.  The two moves between those places are made in
one turn of the reactor, so a look between turns never sees a request in neither.
Scrapy keeps a request in progress until the items of its page have passed the
item pipelines too, a parse in the worker process and the archive's writes,
and one worker parses every portal's documents in turn: ``WalkOutputMiddleware``
notes when a page has been read to its end and each request it led to has reached
the scheduler, so that no portal's re-checks wait for other portals' parses.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator, Iterable
from typing import Any
from weakref import WeakKeyDictionary, WeakSet

from scrapy import Request, Spider, signals
from scrapy.core.scheduler import Scheduler
from scrapy.crawler import Crawler
from scrapy.http import Response


def portal_id(request: Request) -> int | None:
    """The id of the portal a request belongs to (None: no portal's, or not registered)."""
    portal = request.meta.get("portal")
    return portal.get("portal_id") if isinstance(portal, dict) else None


class PortalWalks:
    """The crawler's count of each portal's requests in the scheduler, and the verdict."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        #: portal id → requests the scheduler holds for it
        self.held: Counter[int | None] = Counter()
        #: True once the spider's ``start()`` has handed its last request to the engine
        self.started = False
        #: requests a page led to, handed to Scrapy's scraper and not yet to the scheduler
        self.yielded: WeakSet[Request] = WeakSet()
        #: requests in progress whose page has been read to its end (its items may be not)
        self.read: WeakSet[Request] = WeakSet()
        crawler.signals.connect(self.request_scheduled, signal=signals.request_scheduled)

    def request_scheduled(self, request: Request, spider: Spider) -> None:
        # sent by the engine for every request it is handed, in the turn it is handed
        self.yielded.discard(request)

    def busy(self) -> set[int | None] | None:
        """The portals with a request held or in progress (None: cannot tell yet)."""
        engine = self.crawler.engine
        slot = getattr(engine, "_slot", None)
        inprogress: Iterable[Request] | None = getattr(slot, "inprogress", None)
        if not self.started or inprogress is None:
            return None
        busy = {pid for pid, n in self.held.items() if n > 0}
        busy.update(portal_id(r) for r in self.yielded)
        busy.update(portal_id(r) for r in inprogress if r not in self.read)
        return busy

    def done(self, portal_ids: Iterable[int]) -> list[int]:
        """Those of these portals whose walk is over."""
        busy = self.busy()
        return [] if busy is None else [pid for pid in portal_ids if pid not in busy]


_walks: WeakKeyDictionary[Crawler, PortalWalks] = WeakKeyDictionary()


def portal_walks(crawler: Crawler) -> PortalWalks:
    walks = _walks.get(crawler)
    if walks is None:
        walks = _walks[crawler] = PortalWalks(crawler)
    return walks


class PortalScheduler(Scheduler):
    """Scrapy's scheduler, counting the requests it holds per portal (``PortalWalks.held``).

    It also notes every request sent past the duplicate filter (``dont_filter``: a
    home page, a night's starting page, a challenge's or a render's second go) as
    seen: Scrapy's filter notes only those it was asked about, so a link back to a
    starting page (a list's pager leading to its page 1) fetched the page again.
    """

    walks: PortalWalks

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Any:
        scheduler = super().from_crawler(crawler)
        scheduler.walks = portal_walks(crawler)
        return scheduler

    def enqueue_request(self, request: Request) -> bool:
        if not super().enqueue_request(request):
            return False  # a duplicate: dropped
        if request.dont_filter:
            self.df.request_seen(request)
        self.walks.held[portal_id(request)] += 1
        return True

    def next_request(self) -> Request | None:
        request = super().next_request()
        if request is not None:
            self.walks.held[portal_id(request)] -= 1
        return request


class WalkOutputMiddleware:
    """Spider middleware, outermost: notes each request a page led to until the engine has
    it, and the page as read once all of them are out (``PortalWalks.yielded``, ``.read``)."""

    def __init__(self, walks: PortalWalks) -> None:
        self.walks = walks

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WalkOutputMiddleware:
        return cls(portal_walks(crawler))

    async def process_spider_output(
        self, response: Response, result: AsyncIterator[Any], spider: Spider | None = None
    ) -> AsyncIterator[Any]:
        async for out in result:
            if isinstance(out, Request):
                self.walks.yielded.add(out)
            yield out
        if isinstance(response, Response) and response.request is not None:
            self.walks.read.add(response.request)
