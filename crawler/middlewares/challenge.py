"""Pass 加速乐 (HTTP 521) and 瑞数 (HTTP 412) cookie challenges with one browser render.

Both answer a plain request with a small script that computes a cookie and
reloads; without a JavaScript engine the crawl would see nothing but the
challenge.  The first challenged request of a host is re-sent once through
the browser (scrapy-playwright, ``meta["playwright"]``); the cookies the
browser earned are read from its context and handed to Scrapy's cookie jar,
and the request goes out again plainly, as do all that follow: the browser
is needed again only when a challenge comes back (the cookie wore out).
The challenge responses themselves are archived like every response (the
capture middleware sits closer to the downloader).
"""

from __future__ import annotations

import logging
import re
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.links import is_attachment_url
from crawler.summary import crawl_summary

logger = logging.getLogger(__name__)

CHALLENGE_STATUSES = {412, 521}
#: renders one request may cost before its challenge counts as a failure
MAX_RENDERS = 2
_SCRIPT = re.compile(rb"<script", re.I)
_BROWSER_KEYS = (
    "playwright",
    "playwright_include_page",
    "playwright_page",
    "playwright_page_methods",
)


def is_challenge(response: Response) -> bool:
    return response.status in CHALLENGE_STATUSES and bool(_SCRIPT.search(response.body[:65536]))


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


class ChallengeMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ChallengeMiddleware:
        if crawler.settings.get("NIANBAO_RENDER", "never") == "never":
            raise NotConfigured("no browser: challenged portals fail and say so")
        return cls(crawler)

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
        from scrapy_playwright.page import PageMethod

        logger.info("challenge %s on %s: rendering once", response.status, request.url)
        meta = dict(request.meta) | {
            "playwright": True,
            "playwright_include_page": True,
            "playwright_page_methods": [PageMethod("wait_for_load_state", "networkidle")],
            "nianbao_challenge": True,
            "nianbao_renders": renders + 1,
        }
        url = request.url
        if is_attachment_url(url):  # earn the cookie on the home page: a browser mangles documents
            meta["nianbao_challenged_url"] = url
            parts = urlsplit(url)
            url = f"{parts.scheme}://{parts.netloc}/"
        return request.replace(url=url, meta=meta, dont_filter=True)

    async def _after_render(self, request: Request, response: Response, page: Any) -> Request:
        """Take the browser's cookies for this host and send the request again plainly."""
        cookies: dict[str, str] = {}
        if page is not None:
            host = urlsplit(request.url).hostname or ""
            for c in await page.context.cookies():
                if host.endswith(str(c.get("domain", "")).lstrip(".")):
                    cookies[str(c["name"])] = str(c["value"])
            await page.close()
        self._note_render(request)
        meta = {k: v for k, v in request.meta.items() if k not in _BROWSER_KEYS}
        meta.pop("nianbao_challenge", None)
        url = meta.pop("nianbao_challenged_url", request.url)
        headers = request.headers.copy()
        headers.pop("Cookie", None)  # the jar writes it afresh, with the earned cookie
        return request.replace(
            url=url, meta=meta, cookies=cookies, headers=headers, dont_filter=True
        )

    def _note_render(self, request: Request) -> None:
        summary = crawl_summary(self.crawler)
        if summary is not None:
            summary.note_browser(request)
