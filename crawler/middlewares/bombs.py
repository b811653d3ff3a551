"""Refuse compression bombs before anything inflates them into memory.

Scrapy's HttpCompressionMiddleware (590) stops inflating a body at
``DOWNLOAD_MAXSIZE``, but only after holding that much (200 MB) in memory,
and the exception it raises keeps the buffer alive for a while: a few bombs
at once take the process past a gigabyte.  This middleware (592, just before
it) inflates the body once into nothing, counting bytes, and refuses it as
soon as the count passes the limit; bodies within the limit go on to be
decoded as usual.  Only one encoding is measured (``gzip``, ``deflate``,
``br``, ``zstd``); a stack of encodings is left to Scrapy's own limit.
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.middlewares.offsite import Refused
from ingest.codings import inflated_size


class CompressionBomb(Refused):
    site_failure = True


class CompressionBombGuard:
    def __init__(self, max_size: int) -> None:
        self.max_size = max_size

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CompressionBombGuard:
        return cls(crawler.settings.getint("DOWNLOAD_MAXSIZE"))

    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        encodings = response.headers.getlist("Content-Encoding")
        limit = int(request.meta.get("download_maxsize", self.max_size) or 0)
        if len(encodings) != 1 or not limit or request.method == "HEAD":
            return response
        encoding = encodings[0].decode("latin-1").strip().lower()
        size = inflated_size(response.body, encoding, limit)
        if size is not None and size > limit:
            raise CompressionBomb(
                f"too large: {size} bytes over the limit of {limit} bytes (decompressing "
                f"{len(response.body)} bytes of {encoding} body, a compression bomb)"
            )
        return response
