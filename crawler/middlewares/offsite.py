"""Keep each portal's crawl on its own hosts: every request, whatever made it.

Look-alike domains mirror government pages with spam injected, and a
hostile portal may point the crawler at anyone else (another portal, the
crawl machine's own network).  Every request that reaches the downloader
passes here first (priority 50): the spider's links, redirects and meta
refreshes (Scrapy re-sends those through all middlewares), and requests
that carry no portal, such as robots.txt fetches and their redirects.
Those are tied to the portal whose request made them: a robots.txt is
fetched for the host of a request that passed, and a redirect keeps the
meta of the request it came from, so both are judged by that portal's
hosts.  A host must also resolve to a public address unless a seed names
it (``crawler.addresses``).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

from crawler.addresses import AddressPolicy
from crawler.browser_pace import BrowserPace
from crawler.middlewares import browser_hosts
from crawler.middlewares.browser_hosts import INIT_CALLBACK
from crawler.portal import PortalRef, host_allowed

logger = logging.getLogger(__name__)

#: request meta: the host a portal-less request was first made for (robots.txt)
ANCHOR = "nianbao_anchor"


class Refused(IgnoreRequest):
    """A request the crawl would not make or follow, with the reason in words.

    ``site_failure``: the reason is a failure of the site (a redirect loop)
    rather than a choice (a link to another site); a home page refused for
    any reason is always one, since then nothing of the site is crawled.
    """

    site_failure = False

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Offsite(Refused):
    """The request would leave the portal's hosts or reach a private address."""


class RedirectLoop(Refused):
    site_failure = True


def hostname(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def portal_host_of(request: Request) -> str | None:
    """The host of the portal a request belongs to, as far as its meta tells."""
    meta = request.meta.get("portal")
    if meta:
        return PortalRef.from_meta(meta).host
    return request.meta.get(ANCHOR)


class PortalHostsMiddleware:
    def __init__(self, crawler: Crawler | None = None) -> None:
        self.crawler = crawler
        #: host of every portal request that passed → that portal's host
        self.portal_of: dict[str, str] = {}
        self._policy: AddressPolicy | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PortalHostsMiddleware:
        mw = cls(crawler)
        crawler.signals.connect(mw.spider_opened, signal=signals.spider_opened)
        return mw

    def spider_opened(self, spider: Spider) -> None:
        self._policy = AddressPolicy(p.host for p in _seeds(spider))
        browser_hosts.POLICY = self._policy  # the same seeds and verdicts for the browser
        if self.crawler is not None and self.crawler.engine is not None:
            browser_hosts.PACE = BrowserPace(self.crawler.engine.downloader)

    @property
    def policy(self) -> AddressPolicy:
        if self._policy is None:  # no spider opened (a unit test): nothing is seeded
            self._policy = AddressPolicy(())
        return self._policy

    def portal_host(self, request: Request) -> str | None:
        """The host of the portal this request belongs to (None: it belongs to none)."""
        meta = request.meta.get("portal")
        if meta:
            return PortalRef.from_meta(meta).host
        anchor = request.meta.setdefault(ANCHOR, hostname(request.url))
        return self.portal_of.get(anchor)

    async def process_request(self, request: Request, spider: Spider | None = None) -> None:
        refused = await self.refusal(request)
        if refused is not None:
            logger.info("refused %s: %s", request.url, refused)
            what = "redirect to" if request.meta.get("redirect_urls") else "request for"
            raise Offsite(f"{what} {request.url} refused: {refused}")
        portal = request.meta.get("portal")
        if portal:
            self.portal_of.setdefault(hostname(request.url), PortalRef.from_meta(portal).host)
        if request.meta.get("playwright"):  # the page's own requests: see browser_hosts
            request.meta.setdefault("playwright_page_init_callback", INIT_CALLBACK)

    async def refusal(self, request: Request) -> str | None:
        """Why this request must not go out, or None."""
        portal_host = self.portal_host(request)
        if portal_host is None:
            return "belongs to no portal"
        if not host_allowed(portal_host, request.url):
            return f"off the portal's hosts ({portal_host})"
        return await self.policy.refused(hostname(request.url))


def _seeds(spider: Spider) -> list[PortalRef]:
    return list(getattr(spider, "portals", None) or [])
