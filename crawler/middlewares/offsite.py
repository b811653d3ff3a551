"""Keep each portal's crawl on its own hosts, redirects included.

Look-alike domains mirror government pages with spam injected; a link or a
redirect that leaves the portal's hosts is dropped, not followed.
"""

from __future__ import annotations

import logging

from scrapy import Request, Spider
from scrapy.exceptions import IgnoreRequest

from crawler.portal import PortalRef, host_allowed

logger = logging.getLogger(__name__)


class PortalHostsMiddleware:
    def process_request(self, request: Request, spider: Spider | None = None) -> None:
        meta = request.meta.get("portal")
        if not meta or request.url.endswith("/robots.txt"):
            return None
        portal = PortalRef.from_meta(meta)
        if not host_allowed(portal.host, request.url):
            logger.info("offsite for %s, dropped: %s", portal.name, request.url)
            raise IgnoreRequest(f"offsite: {request.url}")
        return None
