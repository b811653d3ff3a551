"""A small polite HTTP client for discovery: plain GETs, robots.txt, one request per host at a time.

Discovery reads a few pages per portal (its home page and the pages that list
the governments below), so it needs no Scrapy engine: urllib with the
crawler's User-Agent, robots.txt per host, a minimum interval between two
requests to one host, redirects followed only to http(s) (HTTP 3xx, ``<meta
refresh>`` and one-line ``location.href`` scripts, which portals use for moved
sites), and bodies decoded from the declared charset, then GB18030 as the
fallback Chinese portals need.
"""

from __future__ import annotations

import re
import threading
import time
import urllib.error
import urllib.request
import urllib.robotparser
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from crawler.settings import USER_AGENT

MAX_BYTES = 3_000_000
MAX_HOPS = 5
_META_REFRESH = re.compile(
    rb"""<meta[^>]+http-equiv=["']?refresh["']?[^>]*content=["']?\s*\d*\s*;?\s*url\s*=\s*['"]?([^'">\s]+)""",
    re.I,
)
_JS_REDIRECT = re.compile(
    rb"""(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*=\s*['"]([^'"]+)['"]""", re.I
)
_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)


@dataclass(frozen=True)
class Page:
    url: str  # as asked
    final_url: str  # after every redirect
    status: int
    text: str


class _HttpOnly(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to http(s) URLs."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme not in ("http", "https"):
            return None
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def decode(body: bytes, content_type: str | None) -> str:
    m = re.search(r"charset=([\w-]+)", content_type or "", re.I)
    declared = m.group(1) if m else None
    if declared is None:
        meta = _CHARSET.search(body[:4096])
        declared = meta.group(1).decode("ascii", "replace") if meta else None
    for encoding in (declared, "utf-8", "gb18030"):
        if not encoding:
            continue
        if encoding.lower().replace("-", "") in ("gb2312", "gbk"):
            encoding = "gb18030"
        try:
            return body.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", "replace")


class PoliteFetcher:
    """Thread-safe: each host is asked one request at a time, ``delay`` seconds apart."""

    def __init__(self, delay: float = 1.0, timeout: float = 20.0, obey_robots: bool = True):
        self.delay, self.timeout, self.obey_robots = delay, timeout, obey_robots
        self._opener = urllib.request.build_opener(_HttpOnly())
        self._opener.addheaders = [("User-Agent", USER_AGENT), ("Accept-Language", "zh-CN")]
        self._locks: dict[str, threading.Lock] = {}
        self._last: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self._guard = threading.Lock()
        self.requests = 0

    def _host_lock(self, netloc: str) -> threading.Lock:
        with self._guard:
            return self._locks.setdefault(netloc, threading.Lock())

    def _raw(self, url: str) -> tuple[int, str, bytes, str | None]:
        """(status, final URL, body, content type) of one GET, politely spaced per host."""
        netloc = urlsplit(url).netloc
        with self._host_lock(netloc):
            wait = self._last.get(netloc, 0.0) + self.delay - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self.requests += 1
            request = urllib.request.Request(url)
            try:
                with self._opener.open(request, timeout=self.timeout) as resp:
                    body = resp.read(MAX_BYTES)
                    return resp.status, resp.geturl(), body, resp.headers.get("Content-Type")
            except urllib.error.HTTPError as exc:
                return exc.code, exc.geturl() or url, b"", None
            except (urllib.error.URLError, OSError, ValueError):
                return 0, url, b"", None
            finally:
                self._last[netloc] = time.monotonic()

    def allowed(self, url: str) -> bool:
        if not self.obey_robots:
            return True
        parts = urlsplit(url)
        base = f"{parts.scheme}://{parts.netloc}"
        with self._guard:
            known = base in self._robots
        if not known:
            status, _, body, ctype = self._raw(base + "/robots.txt")
            parser: urllib.robotparser.RobotFileParser | None = None
            if status == 200:
                parser = urllib.robotparser.RobotFileParser()
                parser.parse(decode(body, ctype).splitlines())
            with self._guard:
                self._robots[base] = parser
        rules = self._robots[base]
        return rules is None or rules.can_fetch(USER_AGENT, url)

    def get(self, url: str) -> Page | None:
        """The page at ``url`` after every redirect, or None (refused by robots.txt, failed)."""
        current = url
        for _ in range(MAX_HOPS):
            if urlsplit(current).scheme not in ("http", "https") or not self.allowed(current):
                return None
            status, final, body, ctype = self._raw(current)
            if status != 200:
                return None if status == 0 else Page(url, final, status, "")
            target = _client_redirect(body)
            if target is None:
                return Page(url, final, status, decode(body, ctype))
            current = urljoin(final, target.decode("ascii", "replace").strip())
        return None


def _client_redirect(body: bytes) -> bytes | None:
    """A ``<meta refresh>`` or script redirect of a page that is nothing but that."""
    m = _META_REFRESH.search(body[:4096])
    if m:
        return m.group(1)
    if len(body) < 2048:
        js = _JS_REDIRECT.search(body)
        if js:
            return js.group(1)
    return None
