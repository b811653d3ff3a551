"""Pass 加速乐 (HTTP 521) and 瑞数 (HTTP 412) cookie challenges with one browser render.

Both answer a plain request with a small script that computes a cookie and
reloads; without a JavaScript engine the crawl would see nothing but the
challenge.  The first challenged request of a host is re-sent once through
the browser (scrapy-playwright, ``meta["playwright"]``); the cookies the
browser earned go to Scrapy's cookie jar, and the requests that follow go out
plainly: the browser is needed again only when a challenge comes back (the
cookie wore out).  Challenge responses are archived like every response.

The render's navigation is given the plain request's answer (the challenge,
decoded: ``FULFIL``, crawler/middlewares/browser_answer.py), cookie included,
so the portal is not asked for the challenge a second time: the browser runs
its script and reloads, and only that reload goes to the portal.  The render
ends as soon as the browser holds a page the server sent without a challenge
(``until_cleared``; waiting for the network to be idle cost half a second
after every challenge), and that page's bytes answer the request after it:
the portal is asked once for it too.

A portal that challenged the crawl last night will again: its cookie lasts
hours, and every crawl process starts with an empty jar.  Its first starting
request (``EXPECT_CHALLENGE`` in its meta) goes out plainly at once, and the
browser starts with it (crawler/browser.py ``start_browser``): the challenge
it brings back finds Chromium started, not about to start.  Its other starting
requests (the walk from the home page and the kept lists) wait for that render
and go out plainly with the cookie it earned.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.http.request import VerboseCookie

from crawler.middlewares.browser_answer import ANSWER, FULFIL, KEEP_ANSWER, answer_of
from crawler.middlewares.challenge_page import (
    is_challenge,
    is_challenge_answer,
    page_cookies,
    render_request,
)
from crawler.summary import crawl_summary

logger = logging.getLogger(__name__)

#: request meta: the portal challenged the last crawl (crawler/night_start.py keeps it)
EXPECT_CHALLENGE = "nianbao_expect_challenge"
#: request meta: the host whose render this starting request leads (its others wait)
_LEADS = "nianbao_leads_render"
#: request meta: how often the request waited for another request's render of its host
_WAITS = "nianbao_render_waits"
#: renders (or waits for another request's render) one request may cost before its
#: challenge counts as a failure
MAX_RENDERS = 2
#: seconds a request waits for its host's render before it goes on (a render lost on the way)
RENDER_WAIT = 60.0
_BROWSER_KEYS = (
    "playwright",
    "playwright_include_page",
    "playwright_page",
    "playwright_page_methods",
)


class ChallengeMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        #: hosts whose challenge the browser passed in this crawl (the jar holds the cookie)
        self.passed: set[str] = set()
        #: host → the cookies its last render earned (name, value, path), for the requests
        #: that waited for it
        self.earned: dict[str, list[VerboseCookie]] = {}
        #: host → set when its render under way is over (one render per host at a time)
        self.rendering: dict[str, asyncio.Event] = {}
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ChallengeMiddleware:
        if crawler.settings.get("NIANBAO_RENDER", "never") == "never":
            raise NotConfigured("no browser: challenged portals fail and say so")
        return cls(crawler)

    async def process_request(
        self, request: Request, spider: Spider | None = None
    ) -> Request | None:
        """A starting request to a portal that challenged the last crawl: the first goes
        out plainly, and the browser starts for the challenge it will bring back; the
        portal's other starting requests (the walk from the home page and the kept lists,
        on its navigation night) wait for that render and go out with the cookie it
        earned.  Only starting requests wait here, a few a portal: a waiting request
        holds one of the crawl's ``CONCURRENT_REQUESTS`` places."""
        meta = request.meta
        if not meta.get(EXPECT_CHALLENGE) or meta.get(_LEADS):
            return None
        if meta.get("playwright") or meta.get("nianbao_renders"):
            return None
        host = urlsplit(request.url).hostname or ""
        await self._wait(host)
        if host in self.passed:
            self._give_earned(request, host)
            return None
        self.rendering[host] = asyncio.Event()
        request.meta[_LEADS] = host
        logger.info("%s challenged the last crawl: the browser starts", request.url)
        from crawler.browser import start_browser  # Playwright's, imported when a browser is

        start_browser(self.crawler, request.url)
        return None

    async def _wait(self, host: str) -> None:
        """Wait for the host's render under way, if there is one; a render lost on the way
        (no answer in ``RENDER_WAIT``) holds the host up no longer."""
        event = self.rendering.get(host)
        if event is None:
            return
        try:
            await asyncio.wait_for(event.wait(), RENDER_WAIT)
        except TimeoutError:
            if self.rendering.get(host) is event:
                self._rendered(host)

    def _give_earned(self, request: Request, host: str) -> None:
        """The cookies the host's render earned, on a request that waited for it (the jar
        may not hold them yet: the request the render answers writes them there)."""
        if host in self.earned:
            request.cookies = [VerboseCookie(**c) for c in self.earned[host]]

    def process_exception(
        self, request: Request, exception: Exception, spider: Spider | None = None
    ) -> None:
        """A render (or the plain request that leads one) that failed: the host's waiting
        requests go on (and meet the challenge)."""
        if request.meta.get("nianbao_challenge"):
            self._rendered(urlsplit(request.url).hostname or "")
        elif request.meta.get(_LEADS):
            self._rendered(str(request.meta[_LEADS]))

    async def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        page = request.meta.get("playwright_page")
        if request.meta.get("nianbao_challenge"):
            return await self._after_render(request, response, page)
        leads = request.meta.get(_LEADS)
        if leads and 300 <= response.status < 400:
            return response  # the request it redirects to leads (its meta is copied)
        host = urlsplit(request.url).hostname or ""
        render = self._render_of(request, response)
        if render is None:
            if leads:  # no challenge tonight: the host's others go on
                self.passed.add(str(leads))
                self._rendered(str(leads))
            return response
        self._note_challenge(request)
        if host in self.rendering and not leads:
            # another request's render is passing this host's challenge: wait for it and go
            # out again with its cookie (two renders in one browser overwrite each other's)
            waits = int(request.meta.get(_WAITS, 0))
            if waits >= MAX_RENDERS:
                return response
            logger.info("challenge on %s: waiting for its host's render", request.url)
            await self._wait(host)
            again = request.replace(meta=request.meta | {_WAITS: waits + 1}, dont_filter=True)
            self._give_earned(again, host)
            return again
        logger.info("challenge %s on %s: rendering once", response.status, request.url)
        self.rendering.setdefault(host, asyncio.Event())
        return render

    def _render_of(self, request: Request, response: Response) -> Request | None:
        """The render that passes the challenge ``response`` is, or None: not a challenge,
        or one not to render (robots.txt, or already rendered ``MAX_RENDERS`` times)."""
        if not is_challenge(response) or request.meta.get("playwright"):
            return None
        if urlsplit(request.url).path == "/robots.txt":  # a challenged robots.txt allows all
            return None
        renders = int(request.meta.get("nianbao_renders", 0))
        if renders >= MAX_RENDERS:
            return None
        return render_request(request, renders, response)

    async def _after_render(self, request: Request, response: Response, page: Any) -> Request:
        """Take the browser's cookies for this host and send the request again plainly,
        answered by the page the browser received once the challenge was passed when
        there is one (crawler/middlewares/browser_answer.py).  The host's waiting requests
        go on whatever happens here (a browser gone: its cookies cannot be read)."""
        host = urlsplit(request.url).hostname or ""
        try:
            cookies = await page_cookies(page, host)
            answer = answer_of(page) if page is not None else None
        finally:
            self._rendered(host)
        self._note_render(request)
        self.passed.add(host)
        if cookies:
            self.earned[host] = cookies
        else:  # the render earned none: what an earlier one earned may be stale
            self.earned.pop(host, None)
        meta = {k: v for k, v in request.meta.items() if k not in _BROWSER_KEYS}
        for key in ("nianbao_challenge", KEEP_ANSWER, FULFIL, _LEADS):
            meta.pop(key, None)
        url = meta.pop("nianbao_challenged_url", request.url)
        if (
            answer is not None
            and url == request.url
            and not is_challenge_answer(answer.status, answer.body)
        ):
            meta[ANSWER] = answer
        return request.replace(
            url=url,
            meta=meta,
            cookies=[VerboseCookie(**c) for c in cookies],
            dont_filter=True,  # its Cookie header the jar writes afresh, the earned ones in
        )

    def spider_closed(self, spider: Spider) -> None:
        from crawler.browser import stop_starting

        stop_starting()

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
