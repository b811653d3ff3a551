"""Judge redirects and meta refreshes before Scrapy follows them.

Scrapy's RedirectMiddleware (600) and MetaRefreshMiddleware (580) turn a
response into a new request; the offsite middleware then refuses a target
off the portal, but the response that pointed there would be lost with it.
These two look first:

- ``RedirectGuard`` (610, before RedirectMiddleware): a 3xx to a URL the
  chain has already visited twice is a loop, and a chain longer than
  ``REDIRECT_MAX_TIMES`` never ends; both are the site's failure, said so
  (Scrapy would drop the request as "ignored").  A 3xx off the portal's
  hosts is refused here, before any request to the other host exists.
- ``MetaRefreshGuard`` (585, after decompression, before MetaRefresh): a
  page whose meta refresh points off the portal is kept as the page it is
  (a report stays a report) and the refresh is not followed.
"""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from scrapy.utils.response import get_meta_refresh
from w3lib.url import safe_url_string

from crawler.middlewares.offsite import Offsite, RedirectLoop, portal_host_of
from crawler.portal import host_allowed

REDIRECT_STATUSES = {301, 302, 303, 307, 308}
#: a URL met this often in one redirect chain makes the chain a loop
LOOP_VISITS = 2
#: request meta: the offsite URL a page's meta refresh named (not followed)
OFFSITE_REFRESH = "nianbao_offsite_refresh"


def redirect_target(request: Request, response: Response) -> str | None:
    """Where a 3xx response sends the request, as RedirectMiddleware would resolve it."""
    if response.status not in REDIRECT_STATUSES or b"Location" not in response.headers:
        return None
    raw = response.headers[b"Location"] or b""
    location = safe_url_string(raw)
    if raw.startswith(b"//"):
        location = request.url.split(":", 1)[0] + "://" + location.lstrip("/")
    return urljoin(request.url, location)


class RedirectGuard:
    def __init__(self, max_times: int) -> None:
        self.max_times = max_times

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectGuard:
        return cls(crawler.settings.getint("REDIRECT_MAX_TIMES"))

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if request.meta.get("dont_redirect"):
            return response
        target = redirect_target(request, response)
        if target is None:
            return response
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if chain.count(target) >= LOOP_VISITS:
            raise RedirectLoop(f"redirect loop: {' → '.join([*chain, target])}")
        if len(chain) > self.max_times:
            raise RedirectLoop(f"more than {self.max_times} redirects, last to {target}")
        portal_host = portal_host_of(request)
        if portal_host is not None and not host_allowed(portal_host, target):
            raise Offsite(f"redirected to {target}, off the portal's hosts ({portal_host})")
        return response


class MetaRefreshGuard:
    def __init__(self, ignore_tags: list[str], max_delay: float) -> None:
        self.ignore_tags = ignore_tags
        self.max_delay = max_delay

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MetaRefreshGuard:
        s = crawler.settings
        return cls(s.getlist("METAREFRESH_IGNORE_TAGS"), s.getfloat("METAREFRESH_MAXDELAY"))

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if request.meta.get("dont_redirect") or not isinstance(response, HtmlResponse):
            return response
        interval, url = get_meta_refresh(response, ignore_tags=self.ignore_tags)
        if not url or float(interval or 0) >= self.max_delay:
            return response
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if chain.count(url) >= LOOP_VISITS:
            raise RedirectLoop(f"meta refresh loop: {' → '.join([*chain, url])}")
        portal_host = portal_host_of(request)
        if portal_host is None or host_allowed(portal_host, url):
            return response
        request.meta["dont_redirect"] = True  # MetaRefreshMiddleware leaves it alone
        request.meta[OFFSITE_REFRESH] = url
        return response
