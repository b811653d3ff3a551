"""Lists that only exist after their script runs: render the list page once in the browser.

Some columns ship an empty list and compute the XHR URL in script (a hash
route, a site id read from a cookie, a signed parameter).  Nothing in the
response says where the items are, so the page is rendered once with
Playwright (``meta["playwright"]``) and the links of the rendered DOM are
then followed with plain requests.  The list API calls the page made in the
browser are logged too and replayed plainly (``jsonapi`` reads them and pages
through the rest), so a list whose further pages only a click would load is
still read whole; POSTs are logged with their data and replayed as
POSTs.  The browser is used only when every cheaper way failed: the page is
a column or list page, it offered no report link, no pager and no adapter
request, and its scripts do make requests.  A home or navigation page whose
menu only its script builds (not one link toward 政府信息公开 in the page or
its script data) is rendered once the same way, to find the column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from scrapy.http import TextResponse

from crawler.middlewares.browser_answer import ANSWER, CALL_ANSWERS
from crawler.platforms import Found, scriptlinks

NAME = "jsbuilt"
#: request meta of a replayed list API call: the rendered page whose script made it
REPLAY_OF = "nianbao_replay_of"
_XHR = re.compile(
    r"XMLHttpRequest|\bfetch\s*\(|\$\.(?:ajax|get|post|getJSON)\s*\(|axios|\.load\s*\(", re.I
)

_LISTY = re.compile(r"list|page|column|catid|channel|articles|records|rows|items", re.I)
_DOM = re.compile(r"innerHTML|appendChild|\.append\(|\.html\(|insertAdjacentHTML")


def scripts_fetch(response: TextResponse) -> bool:
    inline = " ".join(response.xpath("//script[not(@src)]/text()").getall())
    return bool(_XHR.search(inline) and (_LISTY.search(inline) or _DOM.search(inline)))


def render_request(response: TextResponse, found_items: bool) -> Found | None:
    meta = response.meta
    role = meta.get("role")
    if found_items or meta.get("playwright") or role not in ("column", "list", "home", "nav"):
        return None
    if getattr(response.selector, "type", "html") == "json" or not scripts_fetch(response):
        return None
    if role in ("home", "nav") and scriptlinks.leads_toward_column(response):
        return None
    return rendered(response.url, role)


def rendered(url: str, role: str | None) -> Found:
    """The page rendered once in the browser, keeping its role (a menu is not a list)."""
    if role in ("home", "nav"):
        extra = {"nianbao_rendered": True, "nianbao_nav_render": True, "role": role}
        return Found(url, "menu built by script", kind="list", render=True, extra=extra)
    return Found(url, kind="list", render=True, extra={"nianbao_rendered": True})


class XhrLog:
    """The XHR/fetch calls a rendered page made (a ``page.on("request")`` handler).

    GETs by URL; POSTs with their data, form-encoded or JSON, to be sent again.
    """

    def __init__(self) -> None:
        self.urls: list[str] = []
        self.posts: list[tuple[str, str, bool]] = []

    def __call__(self, request: Any) -> None:
        if request.resource_type not in ("xhr", "fetch"):
            return
        if request.method == "GET":
            self.urls.append(request.url)
        elif request.method == "POST":
            ctype = (request.headers.get("content-type") or "").lower()
            self.posts.append((request.url, request.post_data or "", "json" in ctype))


def browser_meta() -> dict[str, Any]:
    """Request meta for a list page rendered in the browser, with its XHR calls logged and
    the answers to its GET calls kept (crawler/middlewares/browser_answer.py)."""
    log = XhrLog()
    return {
        "playwright_page_event_handlers": {"request": log},
        "nianbao_xhr": log,
        CALL_ANSWERS: {},
    }


def detect(response: TextResponse) -> bool:
    return isinstance(response.meta.get("nianbao_xhr"), XhrLog)


def discover(response: TextResponse) -> Iterator[Found]:
    """Replay the rendered page's list API calls plainly, for ``jsonapi`` to read and page."""
    from crawler.platforms import jsonapi
    from crawler.platforms.jscalls import Call

    if response.meta.get("nianbao_nav_render"):
        return
    log: XhrLog = response.meta["nianbao_xhr"]
    answers = response.meta.get(CALL_ANSWERS) or {}
    for url in dict.fromkeys(log.urls):  # a quiet night may start here (crawler/night_start.py)
        extra: dict[str, Any] = {REPLAY_OF: response.url}
        if url in answers:  # the call's answer to the browser: the portal is not asked again
            extra[ANSWER] = answers[url]
        # answered so, it is archived and read even where the same call went out plainly
        # before (and answered otherwise: it wanted what the page's script sets)
        yield Found(url, kind="list", platform="jsonapi", extra=extra, again=url in answers)
    for url, data, is_json in dict.fromkeys(log.posts):
        yield jsonapi.request_for(url, Call("POST", _fields(data, is_json), is_json))


def _fields(data: str, is_json: bool) -> dict[str, Any]:
    import json
    from urllib.parse import parse_qsl

    if is_json:
        try:
            loaded = json.loads(data or "{}")
        except ValueError:
            return {}
        return loaded if isinstance(loaded, dict) else {}
    return dict(parse_qsl(data, keep_blank_values=True))
