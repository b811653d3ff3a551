"""Pass 加速乐 (HTTP 521) and 瑞数 (HTTP 412) cookie challenges with one browser render.

Both answer a plain request with a small script that computes a cookie and
reloads; without a JavaScript engine the crawl would see nothing but the
challenge.  The first challenged request of a host is re-sent once through
the browser (scrapy-playwright, ``meta["playwright"]``); the cookies the
browser earned go to Scrapy's cookie jar, and the requests that follow go out
plainly: the browser is needed again only when a challenge comes back (the
cookie wore out).  Challenge responses are archived like every response.

A portal that challenged the crawl last night will again: its cookie lasts
hours, and every crawl process starts with an empty jar.  Its starting
requests (``EXPECT_CHALLENGE`` in their meta) go to the browser at once, without
the plain request whose only answer would be the challenge: one request less
for the portal, and Chromium starts with the night instead of after that answer.

The render ends as soon as the browser holds a page the server sent without
a challenge (``until_cleared``; waiting for the network to be idle cost half a
second after every challenge), and that page's bytes answer the request after
it (crawler/middlewares/browser_answer.py): the portal is asked once for it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.links import is_attachment_url
from crawler.middlewares.browser_answer import ANSWER, KEEP_ANSWER, answer_of
from crawler.middlewares.challenge_page import (
    CHALLENGE_STATUSES,
    is_challenge,
    is_challenge_answer,
)
from crawler.summary import crawl_summary

logger = logging.getLogger(__name__)

#: request meta: the portal challenged the last crawl (crawler/night_start.py keeps it)
EXPECT_CHALLENGE = "nianbao_expect_challenge"
#: renders one request may cost before its challenge counts as a failure
MAX_RENDERS = 2
#: seconds a starting request waits for its host's render before rendering itself
RENDER_WAIT = 60.0
#: how often (seconds) a render looks whether its page is past the challenge
_LOOK_EVERY = 0.05
#: the page's load state and the HTTP status its document came with (0: not known)
_DOCUMENT = (
    "() => [document.readyState,"
    " (performance.getEntriesByType('navigation')[0] || {}).responseStatus || 0]"
)
_BROWSER_KEYS = (
    "playwright",
    "playwright_include_page",
    "playwright_page",
    "playwright_page_methods",
)


async def browser_headers(
    *, browser_type_name: str, playwright_request: Any, scrapy_request_data: dict[str, Any]
) -> dict[str, str]:
    """The browser's own headers (its cookies included) with the crawler's User-Agent.

    scrapy-playwright's default sends Scrapy's headers on every navigation, so
    a challenge's reload would go out without the cookie the script just set.
    """
    headers = dict(await playwright_request.all_headers())
    scrapy_headers = scrapy_request_data["headers"].to_unicode_dict()
    agent = scrapy_headers.get("User-Agent") or scrapy_headers.get("user-agent")
    if agent:
        headers["user-agent"] = agent
    return headers


async def until_cleared(page: Any) -> None:
    """Wait until the browser shows a page its server sent without a challenge.

    A challenge's script sets its cookie and reloads, once or more (加速乐 asks
    twice); the page that loads after the last reload carries another status.
    Whichever comes first ends the wait: that page, loaded, or the network idle
    (a script that never reloads: the plain request again says if it passed).
    """
    idle = asyncio.ensure_future(page.wait_for_load_state("networkidle"))
    try:
        while not idle.done():
            with contextlib.suppress(Exception):  # the page is navigating: look again
                state, status = await page.evaluate(_DOCUMENT)
                if state == "complete" and status and status not in CHALLENGE_STATUSES:
                    return
            await asyncio.wait([idle], timeout=_LOOK_EVERY)
        idle.result()  # its timeout, if that ended it
    finally:
        if not idle.done():
            idle.cancel()
        elif not idle.cancelled():
            idle.exception()  # read, so that asyncio does not report it as lost


class ChallengeMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        #: hosts whose challenge the browser passed in this crawl (the jar holds the cookie)
        self.passed: set[str] = set()
        #: host → the cookies its render earned, for its starting requests that waited
        self.earned: dict[str, dict[str, str]] = {}
        #: host → set when the render of one of its starting requests is over
        self.rendering: dict[str, asyncio.Event] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ChallengeMiddleware:
        if crawler.settings.get("NIANBAO_RENDER", "never") == "never":
            raise NotConfigured("no browser: challenged portals fail and say so")
        return cls(crawler)

    async def process_request(
        self, request: Request, spider: Spider | None = None
    ) -> Request | None:
        """A starting request to a portal that challenged the last crawl: to the browser.

        One render per host: its other starting requests (the walk from the home page
        and the kept lists, on the portal's navigation night) wait for it and go out
        plainly with the cookie it earned.
        """
        meta = request.meta
        if not meta.get(EXPECT_CHALLENGE) or meta.get("playwright") or meta.get("nianbao_renders"):
            return None
        host = urlsplit(request.url).hostname or ""
        if host in self.rendering:
            with contextlib.suppress(TimeoutError):  # a render lost on the way: render again
                await asyncio.wait_for(self.rendering[host].wait(), RENDER_WAIT)
        if host in self.passed:
            if host in self.earned:
                jar: dict[str | bytes, str | bytes | bool | float | int] = {
                    name: value for name, value in self.earned[host].items()
                }
                request.cookies = jar
            return None
        self.rendering[host] = asyncio.Event()
        logger.info("%s challenged the last crawl: rendering at once", request.url)
        return self._render(request, 0)

    def process_exception(
        self, request: Request, exception: Exception, spider: Spider | None = None
    ) -> None:
        """A render that failed: the host's waiting requests go on (and meet the challenge)."""
        if request.meta.get("nianbao_challenge"):
            self._rendered(urlsplit(request.url).hostname or "")

    async def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        page = request.meta.get("playwright_page")
        if request.meta.get("nianbao_challenge"):
            return await self._after_render(request, response, page)
        if not is_challenge(response) or request.meta.get("playwright"):
            return response
        if urlsplit(request.url).path == "/robots.txt":  # a challenged robots.txt allows all
            return response
        renders = int(request.meta.get("nianbao_renders", 0))
        if renders >= MAX_RENDERS:
            return response
        logger.info("challenge %s on %s: rendering once", response.status, request.url)
        self._note_challenge(request)
        return self._render(request, renders)

    @staticmethod
    def _render(request: Request, renders: int) -> Request:
        """The request again, through the browser, which runs the challenge's script."""
        from scrapy_playwright.page import PageMethod

        meta = dict(request.meta) | {
            "playwright": True,
            "playwright_include_page": True,
            "playwright_page_methods": [PageMethod(until_cleared)],
            "nianbao_challenge": True,
            KEEP_ANSWER: True,
            "nianbao_renders": renders + 1,
        }
        url = request.url
        if is_attachment_url(url):  # earn the cookie on the home page: a browser mangles documents
            meta["nianbao_challenged_url"] = url
            parts = urlsplit(url)
            url = f"{parts.scheme}://{parts.netloc}/"
        return request.replace(url=url, meta=meta, dont_filter=True)

    async def _after_render(self, request: Request, response: Response, page: Any) -> Request:
        """Take the browser's cookies for this host and send the request again plainly,
        answered by the page the browser received once the challenge was passed when
        there is one (crawler/middlewares/browser_answer.py)."""
        cookies: dict[str, str] = {}
        host = urlsplit(request.url).hostname or ""
        answer = answer_of(page) if page is not None else None
        if page is not None:
            for c in await page.context.cookies():
                if host.endswith(str(c.get("domain", "")).lstrip(".")):
                    cookies[str(c["name"])] = str(c["value"])
            await page.close()
        self._note_render(request)
        self.passed.add(host)
        if cookies:
            self.earned[host] = cookies
        self._rendered(host)
        if request.meta.get(EXPECT_CHALLENGE) and cookies:
            self._note_challenge(request)  # rendered at once, and the script set its cookie
        meta = {k: v for k, v in request.meta.items() if k not in _BROWSER_KEYS}
        meta.pop("nianbao_challenge", None)
        meta.pop(KEEP_ANSWER, None)
        url = meta.pop("nianbao_challenged_url", request.url)
        if (
            answer is not None
            and url == request.url
            and not is_challenge_answer(answer.status, answer.body)
        ):
            meta[ANSWER] = answer
        headers = request.headers.copy()
        headers.pop("Cookie", None)  # the jar writes it afresh, with the earned cookie
        return request.replace(
            url=url, meta=meta, cookies=cookies, headers=headers, dont_filter=True
        )

    def _rendered(self, host: str) -> None:
        done = self.rendering.pop(host, None)
        if done is not None:
            done.set()

    def _note_render(self, request: Request) -> None:
        summary = crawl_summary(self.crawler)
        if summary is not None:
            summary.note_browser(request)

    def _note_challenge(self, request: Request) -> None:
        summary = crawl_summary(self.crawler)
        if summary is not None:
            summary.note_challenge(request)
