"""What a 加速乐 (HTTP 521) or 瑞数 (HTTP 412) cookie challenge is, on the wire and in the browser.

A challenge is a 521 or 412 whose page is a small script (an error page with
those statuses is not).  The challenge middleware reads a response before
HttpCompressionMiddleware (590) inflates it, and a server that compresses its
pages compresses its challenge too, so the start of the page is inflated here
first, by the one reader of content codings (ingest/codings.py), and only as far
as a challenge could go.  The robots.txt middleware asks the same of archived
answers.  In the browser: the request that passes a challenge there
(``render_request``), the wait until its page is past the challenge
(``until_cleared``), its reloads carrying the cookies the script set
(``browser_headers``), and the cookies it earned (``page_cookies``).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response
from scrapy.http.request import VerboseCookie

from crawler.headers import header_pairs
from crawler.links import is_attachment_url
from crawler.middlewares.browser_answer import FULFIL, KEEP_ANSWER, answer_from
from ingest.codings import decoded_body

CHALLENGE_STATUSES = {412, 521}
_SCRIPT = re.compile(rb"<script", re.I)
#: bytes of a page looked at for the challenge's script
_LOOK_AT = 65536
#: the most a compressed challenge page is inflated to (a challenge is a few KiB)
MAX_CHALLENGE = 1 << 20
#: how far ahead of its host's queued requests a render leaves the scheduler
RENDER_PRIORITY = 100
#: how often (seconds) a render looks whether its page is past the challenge
_LOOK_EVERY = 0.05
#: the page's load state and the HTTP status its document came with (0: not known)
_DOCUMENT = (
    "() => [document.readyState,"
    " (performance.getEntriesByType('navigation')[0] || {}).responseStatus || 0]"
)


def is_challenge(response: Response) -> bool:
    """A response that is a cookie challenge, compressed or not."""
    if response.status not in CHALLENGE_STATUSES:
        return False
    return is_challenge_answer(response.status, _page_start(response))


def is_challenge_answer(status: int, body: bytes) -> bool:
    """A 521 or 412 whose (uncompressed) page is a script: a challenge, not an error."""
    return status in CHALLENGE_STATUSES and bool(_SCRIPT.search(body[:_LOOK_AT]))


def _page_start(response: Response) -> bytes:
    pairs = header_pairs(response.headers)
    try:
        return decoded_body(response.body, pairs, max_bytes=MAX_CHALLENGE)[:_LOOK_AT]
    except Exception:  # too large, or not what it says it is: judged as sent
        return response.body[:_LOOK_AT]


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


def render_request(request: Request, renders: int, challenge: Response) -> Request:
    """The request again, through the browser, which runs the challenge's script: its
    navigation given the challenge already received (``FULFIL``) when it is the same
    page asked the same way, so that the portal is not asked for it twice.  It leaves
    the scheduler ahead of its host's queued requests, which would meet the challenge."""
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
        meta[FULFIL] = answer_from(challenge, MAX_CHALLENGE)  # None: too large, asked again
    priority = request.priority + RENDER_PRIORITY
    return request.replace(url=url, meta=meta, priority=priority, dont_filter=True)


async def page_cookies(page: Any, host: str) -> list[VerboseCookie]:
    """The host's cookies in the browser, each with its path (a cookie passed to Scrapy
    by name alone would be kept for the directory of the request carrying it only),
    and the page closed."""
    if page is None:
        return []
    try:
        return [
            VerboseCookie(name=str(c["name"]), value=str(c["value"]), path=str(c.get("path", "/")))
            for c in await page.context.cookies()
            if host.endswith(str(c.get("domain", "")).lstrip("."))
        ]
    finally:
        await page.close()
