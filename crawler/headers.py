"""Scrapy's ``Headers`` as text pairs: how the archive, the browser and the decoders take them.

Scrapy keeps header names and values as bytes in a case-insensitive dict of
lists; the WARC writer, Playwright's ``route.fulfill`` and the body decoders
want (name, value) text pairs with repeated headers kept, in order.  Header
bytes are latin-1 by HTTP's definition, so the pairs give back the same bytes.
"""

from __future__ import annotations

from typing import Any


def header_pairs(headers: Any) -> list[tuple[str, str]]:
    """Scrapy ``Headers`` as (name, value) text pairs, repeated headers kept."""
    pairs: list[tuple[str, str]] = []
    for name, values in headers.items():
        key = name.decode("latin-1") if isinstance(name, bytes) else str(name)
        for v in values:
            pairs.append((key, v.decode("latin-1") if isinstance(v, bytes) else str(v)))
    return pairs
