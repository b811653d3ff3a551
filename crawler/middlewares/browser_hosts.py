"""Keep the browser on the portal's hosts too: its own subrequests go through a route guard.

A page rendered in the browser (scrapy-playwright) loads scripts, images,
styles and XHR calls on its own, none of which passes Scrapy's downloader
middlewares.  The offsite middleware hangs ``guard_page`` on every browser
request as its page-init callback; it routes every request of the page
through ``PageGuard``, which aborts those off the portal's hosts before they
leave the browser and hands the rest on to scrapy-playwright's own route
(routes run newest first).
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request

from crawler.portal import host_allowed

logger = logging.getLogger(__name__)

#: schemes that fetch nothing from the network
_LOCAL = ("data:", "blob:", "about:")
#: the page-init callback the offsite middleware sets (a path, so that meta stays plain data)
INIT_CALLBACK = "crawler.middlewares.browser_hosts.guard_page"


class PageGuard:
    """A Playwright route handler allowing only the portal's hosts."""

    def __init__(self, portal_host: str | None) -> None:
        self.portal_host = portal_host
        self.aborted: list[str] = []

    async def __call__(self, route: Any, request: Any) -> None:
        url = str(request.url)
        if url.startswith(_LOCAL) or (self.portal_host and host_allowed(self.portal_host, url)):
            await route.fallback()
            return
        self.aborted.append(url)
        logger.info("browser request off the portal aborted: %s", url)
        await route.abort("blockedbyclient")


async def guard_page(page: Any, request: Request) -> None:
    from crawler.middlewares.offsite import portal_host_of

    await page.route("**", PageGuard(portal_host_of(request)))
