"""The portal spider's requests: how a walk's next page is asked for.

Every request carries its portal's registry row, its hops from the home page
and its role in the walk (home, nav, column, list, report, attachment), which
the schedule, the archive and the parsers read.  The browser is asked for only
where it is needed: for a list an adapter says is built by script
(crawler/platforms/), and with ``--render always`` for every HTML page once it
has been read plainly (``page_render``); never for a document, since a browser
turns a PDF into its viewer's HTML.  A page the browser shows is given the
answer its plain request received, so the archive holds the page as the portal
sent it and never the browser's DOM.  A list an adapter found
may be a POST (a JSON body or a form: Hanweb's ``dataproxy.jsp``, a JSON API's
call), which Scrapy's duplicate filter tells apart by body.
"""

from __future__ import annotations

from typing import Any

import scrapy
from twisted.python.failure import Failure

from crawler.links import is_attachment_url
from crawler.middlewares.browser_answer import FULFIL, answer_from
from crawler.middlewares.challenge import PASSAGE
from crawler.platforms import Found
from crawler.portal import PortalRef

#: request meta: a page shown to the browser after its plain read (``--render always``):
#: only the links its scripts write are taken from the DOM (the page was read already)
RENDERED_AGAIN = "nianbao_rendered_again"
#: what a plain download left in its request's meta, which the page's render must not carry
_DOWNLOADED = (
    "nianbao_capture",
    "nianbao_validated",
    "nianbao_from_archive",
    "download_latency",
    "redirect_times",
    "redirect_ttl",
    "redirect_urls",
    "redirect_reasons",
    *PASSAGE,
)

#: the priority of a list page or list call an adapter found (the link rules set the rest)
LIST_PRIORITY = 5


class PortalRequests(scrapy.Spider):
    """The request builders of the portal spider (crawler/spiders/portals.py)."""

    @property
    def render_always(self) -> bool:
        return bool(self.crawler.settings.get("NIANBAO_RENDER") == "always")

    @property
    def render_never(self) -> bool:
        return bool(self.crawler.settings.get("NIANBAO_RENDER", "never") == "never")

    def failed(self, failure: Failure) -> None:
        """Every request's errback (the spider's)."""
        raise NotImplementedError

    def home_request(
        self, portal: dict[str, Any], extra: dict[str, Any] | None = None
    ) -> scrapy.Request:
        """The walk from the portal's home page: 政府信息公开 → 年报 column → lists."""
        meta: dict[str, Any] = {"portal": portal, "hops": 0, "role": "home"} | (extra or {})
        return scrapy.Request(
            str(portal["url"]),
            callback=self.parse,
            errback=self.failed,
            meta=meta,
            dont_filter=True,
        )

    def link_request(
        self,
        url: str,
        meta: dict[str, Any],
        role: str,
        parent: str | None = None,
        priority: int = 0,
    ) -> scrapy.Request:
        """A link the spider follows in ``role`` (``parent``: the report page of an attachment)."""
        meta = meta | {"role": role, "parent_url": parent}
        return scrapy.Request(
            url, callback=self.parse, errback=self.failed, meta=meta, priority=priority
        )

    def list_request(
        self, response: scrapy.http.TextResponse, portal: PortalRef, found: Found
    ) -> scrapy.Request:
        """A list page or list API call an adapter asked for (POST, rendered or plain)."""
        meta: dict[str, Any] = {
            "portal": portal.as_meta(),
            "hops": int(response.meta.get("hops", 0)) + 1,
            "role": "list",
            "list_pages": int(response.meta.get("list_pages", 0)) + 1,
            "platform": found.platform,
            **found.extra,
        }
        if found.render:
            from crawler.platforms.jsbuilt import browser_meta

            meta |= {"playwright": True, "playwright_page_methods": settle(), **browser_meta()}
            plain = not response.meta.get("playwright")
            if plain and found.url == response.url and found.method == "GET":
                meta[FULFIL] = answer_from(response)  # the page read plainly: not asked again
        common: dict[str, Any] = {
            "callback": self.parse,
            "errback": self.failed,
            "meta": meta,
            "priority": LIST_PRIORITY,
        }
        if found.method == "POST" and found.body is not None:
            return scrapy.Request(
                found.url,
                method="POST",
                body=found.body.encode("utf-8"),
                headers={"Content-Type": "application/json;charset=UTF-8"},
                **common,
            )
        if found.method == "POST":
            return scrapy.FormRequest(found.url, formdata=found.formdata or {}, **common)
        return scrapy.Request(found.url, dont_filter=found.render or found.again, **common)

    def page_render(self, response: scrapy.http.TextResponse) -> scrapy.Request | None:
        """``--render always``: the HTML page just read plainly, shown to the browser from
        that answer (``FULFIL``), for the links its scripts write.  The plain answer is the
        page's capture and, for a report, what is read; the render's DOM is neither
        (``RENDERED_AGAIN``).  None for what a browser has no page of: a POST's answer,
        anything but HTML, a document."""
        ctype = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
        if response.request is None or response.request.method != "GET":
            return None
        if "html" not in ctype or is_attachment_url(response.url):
            return None
        meta = {k: v for k, v in response.meta.items() if k not in _DOWNLOADED}
        meta |= {"playwright": True, FULFIL: answer_from(response), RENDERED_AGAIN: True}
        return scrapy.Request(
            response.url,
            callback=self.parse,
            errback=self.failed,
            meta=meta,
            priority=response.request.priority,
            dont_filter=True,
        )


def settle() -> list[Any]:
    """Wait until the page's own requests are done, so the list it builds is in the DOM."""
    from scrapy_playwright.page import PageMethod

    return [PageMethod("wait_for_load_state", "networkidle")]
