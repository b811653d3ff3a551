"""Portals into batches: registrable domains in the order of a stable hash, cut evenly.

Two portals on one registrable domain (``www.hailin.gov.cn`` and
``xxgk.hailin.gov.cn``) share a server far more often than not, so they always
land in one batch, crawled by one process that keeps the per-host limits.  The
domains are ordered by a hash that is stable across runs and machines (sha1 of
the domain, not Python's ``hash``), as Heritrix's HashCrawlMapper places hosts,
and that ring is cut into runs of even size: the same portals make the same
batches every night, and the batches are of one size.  (Taking the hash modulo
the number of batches instead, as HashCrawlMapper does, dealt portals like balls
into bins: 16 portals in batches of 2 made 7 batches of 1 to 4, and four workers
spent two rounds where even batches would have filled them exactly.)
"""

from __future__ import annotations

import hashlib
import math
from collections import defaultdict
from functools import cache
from urllib.parse import urlsplit

from crawler.portal import PortalRef

#: portals per batch: at a few hundred requests per portal, a batch takes minutes, not hours
DEFAULT_BATCH_SIZE = 20


@cache
def _extractor():  # type: ignore[no-untyped-def]
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)  # the shipped snapshot


def registrable_domain(url: str) -> str:
    """``http://xxgk.hailin.gov.cn/a`` → ``hailin.gov.cn``; an IP address is its own domain."""
    host = (urlsplit(url).hostname or "").lower()
    if not host or host.replace(".", "").isdigit() or ":" in host:
        return host
    parts = _extractor()(host)
    return parts.top_domain_under_public_suffix or host


def _ring_place(domain: str) -> bytes:
    """The domain's place on the ring: stable across runs and machines."""
    return hashlib.sha1(domain.encode("utf-8")).digest()


def make_batches(
    portals: list[PortalRef], batch_size: int = DEFAULT_BATCH_SIZE
) -> list[tuple[int, list[PortalRef]]]:
    """(group number, portals) per batch, ``batch_size`` portals or so each, as even as
    whole registrable domains allow; no registrable domain in two batches."""
    if not portals:
        return []
    by_domain: dict[str, list[PortalRef]] = defaultdict(list)
    for p in portals:
        by_domain[registrable_domain(p.url)].append(p)
    total = len(portals)
    count = max(1, math.ceil(total / max(1, batch_size)))
    batches: list[list[PortalRef]] = [[]]
    placed = 0
    for domain in sorted(by_domain, key=_ring_place):
        batches[-1].extend(by_domain[domain])
        placed += len(by_domain[domain])
        # a batch ends once the batches so far hold their even share (total / count each)
        if placed * count >= total * len(batches) and placed < total:
            batches.append([])
    return list(enumerate(batches))
