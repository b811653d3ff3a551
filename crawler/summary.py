"""Per-site crawl summary and progress on stderr.

Counts, per portal: pages fetched, pages rendered in the browser, report
documents found, attachments, failures.  The CLI prints the summary and
stores it on the crawl row.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from typing import Any

from rich.console import Console
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from twisted.python.failure import Failure

from crawler.items import DocumentItem

PROGRESS_EVERY = 3.0
#: request meta: bytes announced (Content-Length) and bytes received so far
ANNOUNCED, RECEIVED = "nianbao_announced", "nianbao_received"
_DECOMPRESSED = re.compile(
    r"\((\d+) B compressed, (\d+) B decompressed so far\) exceeded DOWNLOAD_MAXSIZE \((\d+) B\)"
)


def failure_reason(failure: Failure, request: Request, max_size: int) -> str | None:
    """A failed request's reason as the crawl summary says it; None when it was a choice.

    Robots.txt and links off the portal are choices, not failures, except on
    the home page, where they leave nothing of the site to crawl.  Scrapy
    reports a body over ``DOWNLOAD_MAXSIZE`` as a bare cancellation (or, when
    it is a compression bomb, as an ignored request): the summary says how large.
    """
    from crawler.middlewares.offsite import Refused

    exc = failure.value
    home = request.meta.get("role") == "home"
    if isinstance(exc, Refused):
        return exc.reason if exc.site_failure or home else None
    if isinstance(exc, IgnoreRequest):
        message = str(exc)
        if m := _DECOMPRESSED.search(message):
            compressed, decompressed, limit = m.groups()
            encoding = (request.meta.get("nianbao_encoding") or "compressed").strip()
            return (
                f"too large: {decompressed} bytes over the limit of {limit} bytes "
                f"(decompressing {compressed} bytes of {encoding} body, a compression bomb)"
            )
        if "max redirections" in message:
            return f"too many redirects: {message}"
        return message if home and message else None
    limit = int(request.meta.get("download_maxsize") or max_size or 0)
    announced, received = request.meta.get(ANNOUNCED), request.meta.get(RECEIVED, 0)
    if limit and announced is not None and int(announced) > limit:
        return f"too large: {announced} bytes over the limit of {limit} bytes (Content-Length)"
    if limit and received > limit:
        return f"too large: {received} bytes over the limit of {limit} bytes (download cut off)"
    lines = (failure.getErrorMessage() or "").strip().splitlines()
    return lines[0] if lines else type(exc).__name__


def empty_site() -> dict[str, Any]:
    return {
        "pages": 0,
        "rendered": 0,
        "captures": 0,
        "reports": 0,
        "attachments": 0,
        "new": 0,
        "revised": 0,
        "unchanged": 0,
        # the nightly schedule (crawler/nightly.py): known documents skipped, due, changed
        "skipped_known": 0,
        "due_known": 0,
        "changed_entries": 0,
        # further list pages held back, their entries all known (crawler/night_walk.py)
        "skipped_lists": 0,
        # a night started at the pages that listed reports last time (crawler/night_start.py):
        # navigation links to known pages not followed, and starting pages that failed
        "started_at_lists": 0,
        "skipped_nav": 0,
        "lists_moved": 0,
        "browser_seconds": 0.0,
        "download_seconds": 0.0,
        "failures": [],
    }


class CrawlSummary:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.sites: dict[str, dict[str, Any]] = defaultdict(empty_site)
        self.started = time.monotonic()
        #: (report id, kind) of withdrawn/restored alerts raised when the crawl closed
        self.extra_alerts: list[tuple[int, str]] = []
        #: codes of the portals that answered the crawl with a cookie challenge
        self.challenged: set[str] = set()
        self._last = 0.0
        self.quiet = crawler.settings.getbool("NIANBAO_QUIET")
        self.console = Console(stderr=True)
        crawler.signals.connect(self.response_received, signal=signals.response_received)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(self.headers_received, signal=signals.headers_received)
        crawler.signals.connect(self.bytes_received, signal=signals.bytes_received)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSummary:
        return cls(crawler)

    def _site(self, request: Request) -> dict[str, Any] | None:
        portal = request.meta.get("portal")
        return self.sites[portal["code"]] if portal else None

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        site = self._site(request)
        if site is None:
            return
        site["pages"] += 1
        latency = float(request.meta.get("download_latency") or 0.0)
        site["download_seconds"] += latency
        if request.meta.get("playwright"):
            site["rendered"] += 1
            site["browser_seconds"] += latency
        if not request.meta.get("nianbao_from_archive") and request.meta.get("nianbao_capture"):
            site["captures"] += 1
        self._progress()

    @staticmethod
    def headers_received(headers: Any, body_length: int, request: Request, spider: Spider) -> None:
        """Remember what a response announces, so a size cancel can say how large it was."""
        request.meta[RECEIVED] = 0
        if isinstance(body_length, int) and body_length >= 0:  # else twisted's UNKNOWN_LENGTH
            request.meta[ANNOUNCED] = body_length
        encoding = headers.get(b"Content-Encoding") if headers else None
        if encoding:
            request.meta["nianbao_encoding"] = encoding.decode("latin-1")

    @staticmethod
    def bytes_received(data: bytes, request: Request, spider: Spider) -> None:
        request.meta[RECEIVED] = request.meta.get(RECEIVED, 0) + len(data)

    def note_browser(self, request: Request) -> None:
        """A page the browser fetched that the spider never sees (a passed challenge)."""
        site = self._site(request)
        if site is not None:
            latency = float(request.meta.get("download_latency") or 0.0)
            site["pages"] += 1
            site["rendered"] += 1
            site["browser_seconds"] += latency
            site["download_seconds"] += latency

    def note_challenge(self, request: Request) -> None:
        """The request's portal answered with a cookie challenge (kept for the next night)."""
        portal = request.meta.get("portal")
        if portal:
            self.challenged.add(portal["code"])

    def note_platforms(self, code: str, names: list[str]) -> None:
        """Platforms fingerprinted on a site's column and list pages (empty: generic)."""
        known = self.sites[code].setdefault("platforms", [])
        known.extend(n for n in names if n not in known)

    def item_scraped(self, item: DocumentItem, response: Response, spider: Spider) -> None:
        site = self.sites[item.portal["code"]]
        if item.kind == "article" or item.extra.get("is_report"):
            site["reports"] += 1
        else:
            site["attachments"] += 1

    def _progress(self, final: bool = False) -> None:
        now = time.monotonic()
        if self.quiet or (not final and now - self._last < PROGRESS_EVERY):
            return
        self._last = now
        pages = sum(s["pages"] for s in self.sites.values())
        reports = sum(s["reports"] for s in self.sites.values())
        atts = sum(s["attachments"] for s in self.sites.values())
        failed = sum(1 for s in self.sites.values() if s["failures"])
        self.console.print(
            f"[bold]crawl:[/] {len(self.sites)} sites, {pages} pages, {reports} reports, "
            f"{atts} attachments, {failed} failing, {now - self.started:.0f}s",
            highlight=False,
        )

    def spider_closed(self, spider: Spider) -> None:
        failures = (
            self.crawler.stats.get_value("nianbao/failures") if self.crawler.stats else None
        ) or {}
        for code, messages in failures.items():
            self.sites[code]["failures"].extend(messages)
        self._progress(final=True)

    def as_dict(self) -> dict[str, dict[str, Any]]:
        return {code: dict(site) for code, site in sorted(self.sites.items())}


def crawl_summary(crawler: Crawler) -> CrawlSummary | None:
    """The crawler's summary extension (None where it is switched off)."""
    return crawler.get_extension(CrawlSummary)
