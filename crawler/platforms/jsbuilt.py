"""Lists that only exist after their script runs: render the list page once in the browser.

Some columns ship an empty list and compute the XHR URL in script (a hash
route, a site id read from a cookie, a signed parameter).  Nothing in the
response says where the items are, so the page is rendered once with
Playwright (``meta["playwright"]``) and the links of the rendered DOM are
then followed with plain requests.  The list API calls the page made in the
browser are logged too and replayed plainly (``jsonapi`` reads them and pages
through the rest), so a list whose further pages only a click would load is
still read whole.  The browser is used only when every
cheaper way failed: the page is a column or list page, it offered no report
link, no pager and no adapter request, and its scripts do make requests.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from scrapy.http import TextResponse

from crawler.platforms import Found

NAME = "jsbuilt"
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
    if found_items or meta.get("playwright") or meta.get("role") not in ("column", "list"):
        return None
    if getattr(response.selector, "type", "html") == "json" or not scripts_fetch(response):
        return None
    return Found(response.url, kind="list", render=True, extra={"nianbao_rendered": True})


class XhrLog:
    """The GET XHR/fetch URLs a rendered page requested (a ``page.on("request")`` handler)."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, request: Any) -> None:
        if request.resource_type in ("xhr", "fetch") and request.method == "GET":
            self.urls.append(request.url)


def browser_meta() -> dict[str, Any]:
    """Request meta for a list page rendered in the browser, with its XHR calls logged."""
    log = XhrLog()
    return {"playwright_page_event_handlers": {"request": log}, "nianbao_xhr": log}


def detect(response: TextResponse) -> bool:
    return isinstance(response.meta.get("nianbao_xhr"), XhrLog)


def discover(response: TextResponse) -> Iterator[Found]:
    """Replay the rendered page's list API calls plainly, for ``jsonapi`` to read and page."""
    for url in dict.fromkeys(response.meta["nianbao_xhr"].urls):
        yield Found(url, kind="list", platform="jsonapi")
