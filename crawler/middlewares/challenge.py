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
import contextlib
import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.links import is_attachment_url
from crawler.middlewares.browser_answer import (
    ANSWER,
    FULFIL,
    KEEP_ANSWER,
    answer_from,
    answer_of,
)
from crawler.middlewares.challenge_page import (
    MAX_CHALLENGE,
    is_challenge,
    is_challenge_answer,
    until_cleared,
)
from crawler.summary import crawl_summary

logger = logging.getLogger(__name__)

#: request meta: the portal challenged the last crawl (crawler/night_start.py keeps it)
EXPECT_CHALLENGE = "nianbao_expect_challenge"
#: request meta: the starting request whose render the host's others wait for
_LEADS = "nianbao_leads_render"
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
        """One render per host at a time: a plain request to a host whose challenge the
        browser is passing waits for it and goes out with the cookie it earned (it would
        meet the challenge, and two renders in one browser overwrite each other's cookies).

        A starting request to a portal that challenged the last crawl: the first goes
        out plainly, and the browser starts for the challenge it will bring back; the
        portal's other starting requests (the walk from the home page and the kept lists,
        on its navigation night) wait for that render.
        """
        meta = request.meta
        if meta.get("playwright"):
            return None
        host = urlsplit(request.url).hostname or ""
        if host in self.rendering:
            with contextlib.suppress(TimeoutError):  # a render lost on the way: go on
                await asyncio.wait_for(self.rendering[host].wait(), RENDER_WAIT)
            self._give_earned(request, host)
            return None
        if not meta.get(EXPECT_CHALLENGE) or meta.get("nianbao_renders"):
            return None
        if host in self.passed:
            self._give_earned(request, host)
            return None
        self.rendering[host] = asyncio.Event()
        request.meta[_LEADS] = True
        logger.info("%s challenged the last crawl: the browser starts", request.url)
        from crawler.browser import start_browser  # Playwright's, imported when a browser is

        start_browser(self.crawler, request.url)
        return None

    def _give_earned(self, request: Request, host: str) -> None:
        """The cookies the host's render earned, on a request that waited for it (the jar
        may not hold them yet: the request the render answers writes them there)."""
        if host in self.earned:
            jar: dict[str | bytes, str | bytes | bool | float | int] = {
                name: value for name, value in self.earned[host].items()
            }
            request.cookies = jar

    def process_exception(
        self, request: Request, exception: Exception, spider: Spider | None = None
    ) -> None:
        """A render (or its plain request) that failed: the host's waiting requests go on
        (and meet the challenge)."""
        if request.meta.get("nianbao_challenge") or request.meta.get(_LEADS):
            self._rendered(urlsplit(request.url).hostname or "")

    async def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Request | Response:
        page = request.meta.get("playwright_page")
        if request.meta.get("nianbao_challenge"):
            return await self._after_render(request, response, page)
        host = urlsplit(request.url).hostname or ""
        render = self._render_of(request, response)
        if render is None:
            if request.meta.get(_LEADS):  # no challenge tonight: the host's others go on
                self.passed.add(host)
                self._rendered(host)
            return response
        self._note_challenge(request)
        if host in self.rendering and not request.meta.get(_LEADS):
            # another request's render is passing this host's challenge: this one waits
            # for it (``process_request``) and goes out again with the cookie it earned
            logger.info("challenge on %s: waiting for its host's render", request.url)
            tries = int(request.meta.get("nianbao_renders", 0)) + 1
            headers = request.headers.copy()
            headers.pop("Cookie", None)  # the jar writes it afresh
            meta = request.meta | {"nianbao_renders": tries}
            return request.replace(meta=meta, headers=headers, dont_filter=True)
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
        return self._render(request, renders, response)

    @staticmethod
    def _render(request: Request, renders: int, challenge: Response) -> Request:
        """The request again, through the browser, which runs the challenge's script: its
        navigation given the challenge already received (``FULFIL``) when it is the same
        page asked the same way, so that the portal is not asked for it twice."""
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
        elif request.method == "GET" and challenge.url == url:
            with contextlib.suppress(ValueError):  # too large once inflated: asked again
                meta[FULFIL] = answer_from(challenge, MAX_CHALLENGE)
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
