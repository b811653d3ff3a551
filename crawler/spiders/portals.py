"""The portal spider: home → 政府信息公开 → 年报 column → list pages → reports → attachments.

One spider for every portal in the seeds: each start request carries its
registry row in ``meta["portal"]``, every request it leads to inherits it,
and a site's failure is recorded for that site alone.  Here: where a walk
starts, how a page is read and which of its links are followed in what role;
the requests are built in crawler/spiders/requests.py, the items handed to
the pipeline in crawler/spiders/documents.py.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.exceptions import UsageError
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from crawler.classify import body_is_attachment, classify, column_link_score
from crawler.links import frame_urls, is_attachment_url, is_pager, page_links, page_title
from crawler.middlewares.browser_answer import RENDERED_AGAIN
from crawler.middlewares.challenge import EXPECT_CHALLENGE
from crawler.middlewares.redirects import OFFSITE_REFRESH
from crawler.platforms import article_view, discover, fingerprint, needs_browser, page_metadata
from crawler.portal import PortalRef, host_allowed
from crawler.spiders.documents import document_item, is_home, redirected_home
from crawler.spiders.judge import (
    ANNUAL_REPORT_URL,
    is_json,
    leads_on,
    not_a_report_document,
    not_a_report_page,
    page_verdict,
    undecided_cut,
)
from crawler.spiders.requests import PortalRequests
from crawler.summary import crawl_summary, failure_reason
from crawler.walks import portal_walks

#: how many navigation hops from the home page the spider goes looking for the column
MAX_NAV_HOPS = 4
#: how many list pages one column may have before the spider stops paging
MAX_LIST_PAGES = 50


class PortalSpider(PortalRequests):
    name = "portals"

    def __init__(self, portals: list[PortalRef] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if not portals:
            # `scrapy crawl portals` by hand would open, send nothing and archive nothing
            raise UsageError("no portals to crawl: run `nianbao crawl --seeds FILE` instead")
        self.portals = portals

    async def start(self) -> AsyncIterator[scrapy.Request]:
        from crawler.nightly import nightly_plan

        plan = nightly_plan(self.crawler)
        if plan is not None:
            plan.load([p.portal_id for p in self.portals if p.portal_id is not None])
        for portal in self.portals:
            pages, home = plan.starts(portal) if plan is not None else ([], True)
            # a portal that challenged the last crawl: its browser starts with it (challenge.py)
            challenges = plan is not None and plan.start.challenges(portal.portal_id)
            expect = {EXPECT_CHALLENGE: True} if challenges and not self.render_never else {}
            if home:
                yield self.home_request(portal.as_meta(), expect)
            for url, role, extra in pages:  # the pages that listed its reports last time
                meta: dict[str, Any] = {"portal": portal.as_meta(), "hops": 0, "role": role}
                meta |= extra | expect | {"nianbao_shortcut": True}  # a list API call: its platform
                # beside the walk from the home page, its request for the page is a duplicate
                yield scrapy.Request(
                    url, callback=self.parse, errback=self.failed, meta=meta, dont_filter=not home
                )
        portal_walks(self.crawler).started = True  # the engine has scheduled them all

    # -- callbacks -----------------------------------------------------------------

    def failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        max_size = self.crawler.settings.getint("DOWNLOAD_MAXSIZE")
        reason = failure_reason(failure, request, max_size)
        if reason is None:  # robots.txt or offsite: a choice, not a failure
            if self.crawler.stats:
                self.crawler.stats.inc_value("nianbao/skipped")
            return
        portal = PortalRef.from_meta(request.meta["portal"])
        asked = (request.meta.get("redirect_urls") or [request.url])[0]
        self._note_failure(portal, f"{asked}: {reason}")
        self.logger.warning("failed %s: %s", asked, reason)

    def parse(self, response: Response, **_: Any) -> Iterator[Any]:
        meta = response.meta
        portal = PortalRef.from_meta(meta["portal"])
        if meta.get("recheck") and meta.get("redirect_urls") and is_home(response.url, portal):
            # a known report's URL that now sends readers to the home page: the report is gone
            yield redirected_home(response, portal)
            return
        if response.status >= 400:
            self._note_http_error(response, portal)
            if meta.get("recheck"):  # a known report's page now answers an error: say so
                yield document_item(response, portal, meta.get("doc_kind", "article"))
            return
        role = meta.get("role", "nav")
        if meta.get(OFFSITE_REFRESH) and role == "home":
            refresh = meta[OFFSITE_REFRESH]
            self._note_failure(portal, f"{response.url}: meta refresh to {refresh} not followed")
        if not isinstance(response, TextResponse) or role == "attachment":
            if role in ("attachment", "report"):
                if (why := not_a_report_document(response.body)) is not None:
                    self._note_failure(portal, f"{response.url}: {why}")
                    return
                yield document_item(response, portal, "attachment")
            return
        if is_json(response):  # a list API's answer: only the adapters can read it
            yield from self._follow(response, portal, False)
            return
        response = article_view(response)  # an article written by script from data in the page
        title = page_title(response)
        text = " ".join(response.xpath("//body//text()[not(ancestor::script)]").getall())
        verdict = page_verdict(response, title, text)
        is_report_page = role == "report" and verdict.is_report
        if meta.get(RENDERED_AGAIN):  # read plainly already: only the links its scripts wrote
            yield from self._follow(response, portal, is_report_page)
            return
        if is_report_page and (why := not_a_report_page(response.body, text)) is not None:
            self._note_failure(portal, f"{response.url}: {why}")
            return
        if is_report_page:
            organ = verdict.organ or page_metadata(response).get("organ")
            item = document_item(response, portal, "article", verdict.year, organ, title)
            item.body_is_attachment = body_is_attachment(text)
            yield item
        yield from self._follow(response, portal, is_report_page)

    # -- helpers -------------------------------------------------------------------

    def _follow(self, response: TextResponse, portal: PortalRef, on_report: bool) -> Iterator[Any]:
        """Judge every link of the page, plus what the platform adapters find on it."""
        found_items = False
        if response.meta.get("role") in ("column", "list") and not is_json(response):
            summary = crawl_summary(self.crawler)
            if summary is not None:
                summary.note_platforms(portal.code, fingerprint(response))
        frames = set() if is_json(response) else frame_urls(response)
        for url, text in [] if is_json(response) else page_links(response):
            if url in frames and not on_report and host_allowed(portal.host, url):
                role = response.meta.get("role")
                role = role if role in ("column", "list") else "nav"
                meta = {"portal": portal.as_meta(), "hops": meta_hops(response), "frame": True}
                yield self.link_request(url, meta, role)
                continue
            for request in self._link(response, portal, on_report, url, text):
                found_items = found_items or leads_on(response, request)
                yield request
        lists = False  # an adapter found the page's list (its calls, its pages)
        # a page's render (--render always): the adapters read the page when it was read
        for extra in [] if response.meta.get(RENDERED_AGAIN) else discover(response):
            if not host_allowed(portal.host, extra.url):
                continue
            if extra.kind == "list":
                lists = True
                if extra.render and self.render_never and not response.meta.get("playwright"):
                    built = extra.text or "list built by script"
                    self._note_failure(portal, f"{extra.url}: {built}, needs --render auto")
                if extra.render and (self.render_never or response.meta.get("playwright")):
                    continue
                if int(response.meta.get("list_pages", 0)) >= MAX_LIST_PAGES:
                    continue  # a list that never ends (a proxy ignoring its paging)
                found_items = True
                yield self.list_request(response, portal, extra)
                continue
            for request in self._link(response, portal, on_report, extra.url, extra.text):
                found_items = found_items or leads_on(response, request)
                yield request
        found_items = found_items or bool(response.meta.get("nianbao_list_items"))
        rendering = needs_browser(response, found_items)
        if rendering is not None and self.render_never:
            built = rendering.text or "list built by script"
            self._note_failure(portal, f"{response.url}: {built}, needs --render auto")
        elif rendering is not None and not self._read_through_call(response.url):
            yield self.list_request(response, portal, rendering)
        elif self.render_always and not response.meta.get("playwright") and not lists:
            render = self.page_render(response)  # every other HTML page, from its plain answer
            if render is not None:
                yield render

    def _read_through_call(self, url: str) -> bool:
        """The page's list was read tonight through the call its script makes (a kept
        starting page beside the walk from the home page): no browser for the page."""
        from crawler.nightly import nightly_plan

        plan = nightly_plan(self.crawler)
        return plan is not None and url in plan.start.read_through

    def _link(
        self, response: TextResponse, portal: PortalRef, on_report: bool, url: str, text: str
    ) -> Iterator[scrapy.Request]:
        meta = response.meta
        hops = int(meta.get("hops", 0))
        in_column = meta.get("role") in ("column", "list")
        list_pages = int(meta.get("list_pages", 0))
        if not host_allowed(portal.host, url):
            return
        base = {"portal": portal.as_meta(), "hops": hops + 1, "link_text": text}
        if on_report:
            if is_attachment_url(url):
                yield self.link_request(url, base, "attachment", parent=response.url, priority=20)
            return
        verdict = classify(text, None, url) if text else None
        if verdict is not None and verdict.kind not in ("other", "column"):
            meta["nianbao_list_items"] = True  # a list is on the page, if only of look-alikes
        if ANNUAL_REPORT_URL.search(url) and not (verdict and verdict.kind != "other"):
            # one report per unit and year, listed by the unit's name: the page decides
            yield self.link_request(url, base, "report", priority=9)
        elif verdict is not None and verdict.is_report and verdict.year:
            role = "attachment" if is_attachment_url(url) else "report"
            yield self.link_request(url, base | {"report_link": True}, role, priority=10)
        elif verdict is not None and undecided_cut(text, verdict.kind) and in_column:
            # cut before it says what it is: the article's full title decides
            yield self.link_request(url, base, "report", priority=9)
        elif in_column and is_pager(url, text) and list_pages < MAX_LIST_PAGES:
            yield self.link_request(url, base | {"list_pages": list_pages + 1}, "list", priority=5)
        elif hops < MAX_NAV_HOPS and not is_attachment_url(url):
            score = column_link_score(text, url)
            if score >= 70:
                yield self.link_request(url, base, "column", priority=8)
            elif score > 0:
                yield self.link_request(url, base, "nav", priority=1)

    def _note_http_error(self, response: Response, portal: PortalRef) -> None:
        unpassed = response.status in (412, 521)  # a challenge the browser could not pass
        if (response.meta.get("role") == "home" or unpassed) and self.crawler.stats:
            self._note_failure(portal, f"{response.url}: HTTP {response.status}")

    def _note_failure(self, portal: PortalRef, message: str) -> None:
        if self.crawler.stats:
            failures = self.crawler.stats.get_value("nianbao/failures", {})
            failures.setdefault(portal.code, []).append(message)
            self.crawler.stats.set_value("nianbao/failures", failures)


def meta_hops(response: Response) -> int:
    """Frames count as the page itself: they cost no navigation hop."""
    return int(response.meta.get("hops", 0))
