"""HTTP content codings (gzip, deflate, br, zstd): measured before inflating, then undone.

The crawl measures a body before Scrapy inflates it (a compression bomb is refused
while it is still small), and ``reparse``/``reindex`` undo the codings of archived
bytes under the same bound: one place knows how each coding is read.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

_CHUNK = 1 << 16


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


def decoded_body(
    raw: bytes, headers: list[list[str]] | list[tuple[str, str]], max_bytes: int = 200 << 20
) -> bytes:
    """The payload as a client reads it: gzip/deflate/br undone, in the order applied.

    The archive keeps compression bombs as they came (the crawl refused them before
    inflating); a body that would inflate past ``max_bytes`` raises ``ValueError``
    before any of it is held.
    """
    codings: list[str] = []
    for name, value in headers:
        if name.lower() == "content-encoding":
            codings += [c.strip().lower() for c in value.split(",") if c.strip()]
    body = raw
    for coding in reversed(codings):
        size = inflated_size(body, coding, max_bytes)
        if size is not None and size > max_bytes:
            raise ValueError(f"too large: its {coding} body inflates past {max_bytes} bytes")
        if coding in ("gzip", "x-gzip"):
            body = zlib.decompress(body, 16 + zlib.MAX_WBITS)
        elif coding == "deflate":
            try:
                body = zlib.decompress(body)
            except zlib.error:  # raw deflate, as some servers send it
                body = zlib.decompress(body, -zlib.MAX_WBITS)
        elif coding == "br":
            import brotli

            body = brotli.decompress(body)
        elif coding != "identity":
            raise ValueError(f"unknown content coding {coding!r}")
    return body
