"""Keep the browser on the portal's hosts too: every request of a rendered page is judged.

A page rendered in the browser (scrapy-playwright) loads scripts, images,
styles and XHR calls on its own, none of which passes Scrapy's downloader
middlewares, and Chromium follows a 3xx without showing it to any route
handler.  The offsite middleware hangs ``guard_page`` on every browser
request as its page-init callback; it routes every request of the page
through ``PageGuard``, which aborts a request off the portal's hosts (or to
a private address no seed names, the crawl's ``AddressPolicy``), and
fetches the others itself without following redirects: a 3xx is handed to
the browser only if its target is on the portal's hosts (the browser's
request for the target comes through the guard again).  Each request it sends
waits for its turn in the host's politeness (crawler/browser_pace.py); what a
render does not need (images, styles, fonts) it does not fetch.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request

from crawler.addresses import AddressPolicy
from crawler.browser_pace import NOT_FETCHED, BrowserPace
from crawler.middlewares.browser_answer import (
    CALL_ANSWERS,
    FULFIL,
    KEEP_ANSWER,
    BrowserAnswer,
    fulfil_headers,
    is_raw,
    keep_answer,
)
from crawler.portal import host_allowed

logger = logging.getLogger(__name__)

#: schemes that fetch nothing from the network
_LOCAL = ("data:", "blob:", "about:")
#: the page-init callback the offsite middleware sets (a path, so that meta stays plain data)
INIT_CALLBACK = "crawler.middlewares.browser_hosts.guard_page"
_REDIRECTS = {301, 302, 303, 307, 308}
#: the crawl's address policy, set by the offsite middleware when the spider opens
POLICY: AddressPolicy | None = None
#: the crawl's per-host pace for the browser's requests, set there too
PACE: BrowserPace | None = None


class PageGuard:
    """A Playwright route handler allowing only the portal's hosts, redirects included."""

    def __init__(self, portal_host: str | None, request: Request, page: Any = None) -> None:
        self.portal_host = portal_host
        #: the page whose own answer is kept (a challenge's render), else None
        self.page = page if request.meta.get(KEEP_ANSWER) else None
        #: the answer the page's own first navigation is given (browser_answer.FULFIL)
        self.fulfil: BrowserAnswer | None = request.meta.get(FULFIL)
        #: URL → answer of the page's script's GET calls, kept for their replay (a list's)
        self.calls: dict[str, BrowserAnswer] | None = request.meta.get(CALL_ANSWERS)
        self.url = request.url
        self.method = request.method
        self.body = request.body
        agent = request.headers.get("User-Agent")
        self.agent = agent.decode("latin-1") if agent else None
        self.first = True
        self.aborted: list[str] = []
        #: the rendered request's download slot, and the page's hold on its place there
        self.slot = request.meta.get("download_slot")
        self.place = asyncio.Lock()

    async def allowed(self, url: str) -> bool:
        if not self.portal_host or not host_allowed(self.portal_host, url):
            return False
        return POLICY is None or await POLICY.refused(urlsplit(url).hostname or "") is None

    async def __call__(self, route: Any, request: Any) -> None:
        url = str(request.url)
        if url.startswith(_LOCAL):
            await route.fallback()
            return
        if not await self.allowed(url):
            await self._abort(route, url)
            return
        if request.resource_type in NOT_FETCHED:  # the DOM is built without it
            await route.abort("blockedbyclient")
            return
        overrides: dict[str, Any] = {"max_redirects": 0}
        headers = dict(await request.all_headers())
        if self.agent:
            headers["user-agent"] = self.agent
        overrides["headers"] = headers
        own = request.is_navigation_request() and url.rstrip("/") == self.url.rstrip("/")
        call = (
            self.calls is not None
            and request.resource_type in ("xhr", "fetch")
            and request.method == "GET"
        )
        keep = (own and self.page is not None) or call  # its answer kept (browser_answer.py)
        if keep:  # asked for as sent, not content-coded
            headers["accept-encoding"] = "identity"
        if self.first and own and self.fulfil is not None:
            self.first = False  # read already, plainly: the portal is not asked again
            answer = self.fulfil
            await route.fulfill(
                status=answer.status, headers=fulfil_headers(answer.headers), body=answer.body
            )
            return
        paced = self.first and own  # the Scrapy request itself, paced by the downloader
        if paced:
            self.first = False  # its method and body
            overrides["method"] = self.method
            if self.body:
                overrides["post_data"] = self.body
        try:
            response = await self._fetch(route, url, overrides, paced)
        except Exception as exc:  # the portal did not answer: the browser sees a failed load
            logger.info("browser request failed: %s (%s)", url, exc)
            await route.abort("failed")
            return
        if keep and 200 <= response.status < 300:
            await self._keep(url, response, headers, call)
        location = response.headers.get("location")
        if (
            response.status in _REDIRECTS
            and location
            and not await self.allowed(urljoin(url, location))
        ):
            await self._abort(route, urljoin(url, location))
            return
        await route.fulfill(response=response)

    async def _fetch(self, route: Any, url: str, overrides: dict[str, Any], paced: bool) -> Any:
        """The request sent in its turn of the host's politeness (Playwright's fetch returns
        once the whole body is in: the transfer is over when it does)."""
        if PACE is None:
            return await route.fetch(**overrides)
        async with PACE.turn(url, self.slot, self.place, paced):
            return await route.fetch(**overrides)

    async def _keep(self, url: str, response: Any, sent: dict[str, str], call: bool) -> None:
        """Keep the page's own answer (a challenge's) or a script call's, when its body is
        the bytes sent (not content-coded)."""
        pairs = [(str(h["name"]), str(h["value"])) for h in response.headers_array]
        if not is_raw(pairs):
            return
        answer = BrowserAnswer(response.status, pairs, await response.body(), list(sent.items()))
        if call and self.calls is not None:
            self.calls[url] = answer
        else:
            keep_answer(self.page, answer)

    async def _abort(self, route: Any, url: str) -> None:
        self.aborted.append(url)
        logger.info("browser request off the portal aborted: %s", url)
        await route.abort("blockedbyclient")


async def guard_page(page: Any, request: Request) -> None:
    from crawler.middlewares.offsite import portal_host_of

    await page.route("**", PageGuard(portal_host_of(request), request, page))
