"""Portals into batches: a stable hash of the registrable domain, as Heritrix's HashCrawlMapper.

Two portals on one registrable domain (``www.hailin.gov.cn`` and
``xxgk.hailin.gov.cn``) share a server far more often than not, so they always
land in one batch, crawled by one process that keeps the per-host limits.  The
hash is stable across runs and machines (sha1 of the domain, not Python's
``hash``), so the same domain lands in the same group every night.
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


def group_of(domain: str, groups: int) -> int:
    digest = hashlib.sha1(domain.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") % groups


def make_batches(
    portals: list[PortalRef], batch_size: int = DEFAULT_BATCH_SIZE
) -> list[tuple[int, list[PortalRef]]]:
    """(group number, portals) per non-empty group; no registrable domain in two groups."""
    if not portals:
        return []
    groups = max(1, math.ceil(len(portals) / max(1, batch_size)))
    by_group: dict[int, list[PortalRef]] = defaultdict(list)
    for p in portals:
        by_group[group_of(registrable_domain(p.url), groups)].append(p)
    return sorted(by_group.items())
