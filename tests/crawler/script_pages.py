"""Pages as the platform adapters receive them, for the tests of what a page's script holds.

``html(body)`` wraps ``body`` in a page at ``BASE`` + ``path`` (a loopback
portal), with the request's ``meta`` (``role`` …) the spider would have set.
"""

from __future__ import annotations

from scrapy.http import HtmlResponse, Request

BASE = "http://127.0.0.40"


def html(body: str, path: str = "/x/index.html", head: str = "", **meta: object) -> HtmlResponse:
    url = BASE + path
    page = f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    return HtmlResponse(url, body=page.encode(), request=Request(url, meta=dict(meta)))
