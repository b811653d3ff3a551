"""Lists that only exist after their script runs: render the list page once in the browser.

Some columns ship an empty list and compute the XHR URL in script (a hash
route, a site id read from a cookie, a signed parameter).  Nothing in the
response says where the items are, so the page is rendered once with
Playwright (``meta["playwright"]``) and the links of the rendered DOM are
then followed with plain requests.  The browser is used only when every
cheaper way failed: the page is a column or list page, it offered no report
link, no pager and no adapter request, and its scripts do make requests.
"""

from __future__ import annotations

import re

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
