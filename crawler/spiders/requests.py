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
from crawler.middlewares.browser_answer import FULFIL, RENDERED_AGAIN, answer_from
from crawler.night_walk import LIST_ROOT
from crawler.platforms import Found
from crawler.portal import PortalRef

#: what a page's render carries of the page's own meta: its place in the walk, no more (not
#: its download's capture, redirects, retries or challenge, nor a starting page's marks)
_WALK = (
    "portal",
    "hops",
    "role",
    "list_pages",
    "parent_url",
    "link_text",
    "report_link",
    "frame",
    "platform",
    "nianbao_changed",
    LIST_ROOT,
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

    def render_lost(self, failure: Failure) -> None:
        """A page's render (``--render always``) that failed: the page was read and archived
        already, so this is no failure of the portal's; logged and counted."""
        self.logger.info("render failed: %s (%s)", failure.request.url, failure.value)  # type: ignore[attr-defined]
        if self.crawler.stats:
            self.crawler.stats.inc_value("nianbao/renders_lost")

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
                meta[FULFIL] = answer_from(response)  # read plainly: not asked again
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
        answer = answer_from(response)
        if answer is None:
            return None
        meta = {k: response.meta[k] for k in _WALK if k in response.meta}
        meta |= {"playwright": True, FULFIL: answer, RENDERED_AGAIN: True}
        return scrapy.Request(
            response.url,
            callback=self.parse,
            errback=self.render_lost,
            meta=meta,
            priority=response.request.priority,
            dont_filter=True,
        )


def settle() -> list[Any]:
    """Wait until the page's own requests are done, so the list it builds is in the DOM."""
    from scrapy_playwright.page import PageMethod

    return [PageMethod("wait_for_load_state", "networkidle")]
