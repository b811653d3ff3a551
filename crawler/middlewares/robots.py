"""robots.txt at most once a day per host: the archived answer of the last day is read again.

A quiet night sends a portal a handful of requests, and robots.txt would be
one of them every night.  RFC 9309 (2.4) lets a crawler keep a robots.txt for
up to 24 hours, so this subclass of Scrapy's ``RobotsTxtMiddleware`` first
looks for the host's robots.txt in the archive (every response is archived,
robots.txt included): a 200 or 4xx answer fetched less than
``NIANBAO_ROBOTS_MAX_AGE`` seconds ago (24 h by default) is parsed as if it had
just arrived, a 4xx as the empty file that allows everything, which is what a
4xx means (RFC 9309 2.3.1.3).  Anything else (never fetched, older, a redirect,
a 5xx, bytes no longer in the archive) is fetched as usual, except a cookie
challenge's 521, which allows everything as it did when it came
(crawler/middlewares/challenge.py).  The age is real
time, not the schedule's clock: a night run within a day of the last reads
its copy, a night a day later fetches robots.txt again.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.robotstxt import RobotParser
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from sqlalchemy import select

from archive.archive import BlobCorrupted, BlobMissing
from archive.models import Capture
from crawler.middlewares.challenge_page import CHALLENGE_STATUSES, is_challenge_answer
from ingest.codings import decoded_body

logger = logging.getLogger(__name__)

#: RFC 9309 2.4: a cached robots.txt SHOULD NOT be used for more than 24 hours
MAX_AGE = 24 * 3600
#: a robots.txt larger than this is not worth keeping (RFC 9309 asks parsers for 500 KiB)
MAX_BYTES = 512 * 1024


class CachedRobotsTxtMiddleware(RobotsTxtMiddleware):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        from crawler.context import crawl_context

        ctx = crawl_context(crawler)
        self.store = ctx.store if ctx is not None else None
        self.max_age = crawler.settings.getfloat("NIANBAO_ROBOTS_MAX_AGE", MAX_AGE)

    async def robot_parser(self, request: Request) -> RobotParser | None:
        url = urlparse_cached(request)
        if url.netloc not in self._parsers and self.store is not None and self.max_age > 0:
            body = self._archived(f"{url.scheme}://{url.netloc}/robots.txt")
            if body is not None:
                self._parsers[url.netloc] = build_from_crawler(self._parserimpl, self.crawler, body)
                self._stats.inc_value("nianbao/robots_from_archive")
        return await super().robot_parser(request)

    def _archived(self, url: str) -> bytes | None:
        """The host's robots.txt as archived within the last day, or None."""
        assert self.store is not None
        latest = select(Capture).where(Capture.url == url, Capture.method == "GET")
        latest = latest.order_by(Capture.fetched_at.desc(), Capture.id.desc()).limit(1)
        with self.store.sessions() as session:
            cap = session.scalars(latest).first()
            if cap is not None and cap.status == 304:  # not modified: the last 200's bytes
                cap = session.scalars(latest.where(Capture.status == 200)).first()
        if cap is None:
            return None
        fetched = cap.fetched_at if cap.fetched_at.tzinfo else cap.fetched_at.replace(tzinfo=UTC)
        if datetime.now(UTC) - fetched > timedelta(seconds=self.max_age):
            return None
        if 400 <= cap.status < 500:
            return b""  # no robots.txt: everything is allowed
        ok = cap.status == 200 or cap.status in CHALLENGE_STATUSES
        if not ok or cap.size > MAX_BYTES:
            return None
        try:  # bytes lost or rotten: fetched again
            raw = self.store.archive.get_blob(cap.sha256)
            body = decoded_body(raw, cap.response_headers, MAX_BYTES)
        except (BlobMissing, BlobCorrupted, ValueError, OSError) as exc:
            logger.info("archived %s unreadable (%s): fetched again", url, exc)
            return None
        if cap.status != 200:  # a challenge allows all; another 521 is fetched again
            return b"" if is_challenge_answer(cap.status, body) else None
        return body
