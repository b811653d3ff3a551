"""A portal to crawl, as it travels in request meta, and the hosts it may visit."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class PortalRef:
    """The registry row a request belongs to; plain data so that requests pickle."""

    code: str
    name: str
    level: str
    parent_code: str | None
    url: str
    portal_id: int | None = None

    @property
    def host(self) -> str:
        return (urlsplit(self.url).hostname or "").lower()

    def as_meta(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_meta(cls, meta: dict[str, object]) -> PortalRef:
        return cls(**meta)  # type: ignore[arg-type]


def site_suffix(host: str) -> str:
    """``www.hailin.gov.cn`` → ``hailin.gov.cn``: the portal's own family of hosts."""
    for prefix in ("www.", "xxgk.", "zwgk.", "gk."):
        if host.startswith(prefix):
            return host[len(prefix) :]
    return host


def host_allowed(portal_host: str, url: str) -> bool:
    """True for the portal's host and its sibling/sub hosts; never another site.

    IP-address hosts (the local fixture portals) must match exactly.
    """
    host = (urlsplit(url).hostname or "").lower()
    if not host:
        return False
    if host == portal_host:
        return True
    if portal_host.replace(".", "").isdigit():
        return False
    suffix = site_suffix(portal_host)
    return "." in suffix and (host == suffix or host.endswith("." + suffix))
