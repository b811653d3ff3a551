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

import zlib
from collections.abc import Iterator

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.http import Response

from crawler.middlewares.offsite import Refused

_CHUNK = 1 << 16


class CompressionBomb(Refused):
    site_failure = True


def _zlib_chunks(data: bytes, wbits: int) -> Iterator[int]:
    """Sizes of the inflated chunks of a zlib/gzip stream (gzip members one after another)."""
    while data:
        d = zlib.decompressobj(wbits)
        yield len(d.decompress(data, _CHUNK))
        while d.unconsumed_tail and not d.eof:
            yield len(d.decompress(d.unconsumed_tail, _CHUNK))
        data = d.unused_data if d.eof and wbits > zlib.MAX_WBITS else b""  # next gzip member


def _brotli_chunks(data: bytes) -> Iterator[int]:
    import brotli

    d = brotli.Decompressor()
    yield len(d.process(data, output_buffer_limit=_CHUNK))
    while not d.is_finished():
        chunk = d.process(b"", output_buffer_limit=_CHUNK)
        if not chunk:
            return
        yield len(chunk)


def _zstd_chunks(data: bytes) -> Iterator[int]:
    try:
        from compression import zstd
    except ImportError:  # Python < 3.14: the backport Scrapy itself uses
        from backports import zstd
    while data:
        d = zstd.ZstdDecompressor()
        yield len(d.decompress(data, max_length=_CHUNK))
        while not d.eof and not d.needs_input:
            yield len(d.decompress(b"", max_length=_CHUNK))
        data = d.unused_data if d.eof else b""  # the next frame


def inflated_size(data: bytes, encoding: str, limit: int) -> int | None:
    """How large ``data`` inflates, counted until it passes ``limit`` (None: not measured)."""
    if encoding in ("gzip", "x-gzip"):
        chunks = _zlib_chunks(data, 16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        zlib_header = len(data) >= 2 and (data[0] * 256 + data[1]) % 31 == 0
        chunks = _zlib_chunks(data, zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS)
    elif encoding == "br":
        chunks = _brotli_chunks(data)
    elif encoding == "zstd":
        chunks = _zstd_chunks(data)
    else:
        return None
    total = 0
    try:
        for n in chunks:
            total += n
            if total > limit:
                break
    except Exception:  # corrupt stream: Scrapy's own decoding says what it makes of it
        return None
    return total


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
