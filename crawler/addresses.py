"""Which network addresses a crawl may reach: public ones, and private ones a seed names.

A portal can name any host in a link or a redirect, including the crawl
machine's own loopback, the office network or a cloud's metadata service
(169.254.169.254).  Host names are resolved and the address is checked, so
a public-looking name that resolves to a private address is refused too.
The one exception is a host a seed names itself (the seeds are the
operator's word): that host, exactly, and nothing else on its network.
Resolution goes through the reactor's resolver, whose cache the download
then uses, so the address checked is the address fetched.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def literal_address(host: str) -> Address | None:
    """The address a host names literally (``127.0.0.5``, ``[::1]``), or None for a name."""
    try:
        address = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped  # ::ffff:127.0.0.1 is 127.0.0.1
    return address


def refusal(address: Address) -> str | None:
    """Why a crawl must not fetch from this address (None: it is a public address)."""
    if address.is_loopback:
        return "loopback address"
    if address.is_link_local:
        return "link-local address"
    if address.is_private or address.is_reserved or address.is_unspecified:
        return "private address"
    if address.is_multicast or not address.is_global:
        return "not a public address"
    return None


class AddressPolicy:
    """Refuse hosts whose address is not public, unless a seed names that very host."""

    def __init__(
        self,
        seed_hosts: Iterable[str],
        resolve: Callable[[str], Awaitable[str]] | None = None,
    ) -> None:
        self.seed_hosts = {h.lower() for h in seed_hosts if h}
        self.resolve = resolve or reactor_resolve
        #: host → refusal reason ("" when allowed), so every host is resolved once
        self._verdicts: dict[str, str] = {}

    async def refused(self, host: str) -> str | None:
        """Why ``host`` must not be fetched, or None when it may."""
        host = host.lower()
        if host in self.seed_hosts:
            return None
        if host not in self._verdicts:
            self._verdicts[host] = await self._judge(host) or ""
        return self._verdicts[host] or None

    async def _judge(self, host: str) -> str | None:
        address = literal_address(host)
        if address is None:
            try:
                address = literal_address(await self.resolve(host))
            except Exception:  # no such host: the download fails and says so
                return None
            if address is None:
                return None
        reason = refusal(address)
        return f"{reason} {address}" if reason else None


async def reactor_resolve(host: str) -> str:
    """The host's address from the reactor's (Scrapy's caching) resolver."""
    from scrapy.utils.defer import maybe_deferred_to_future
    from twisted.internet import reactor

    resolver: Any = reactor  # typeshed's IReactorCore.resolve is wrong about its argument
    return str(await maybe_deferred_to_future(resolver.resolve(host)))
