"""Walk down from provincial portals to every prefecture and county portal they link.

Each fetched page is read in the context of one parent: the region whose
portal (or whose 市县政府网站 page) it is.  Its links — anchors, the
``<option value=URL>`` of header jump menus, ``onclick`` window.open targets —
are matched by name among the units under that parent (``registry.match``);
pages that list the governments below (市县政府网站, 政府网站群, 友情链接) on the
same site are read in the same context.  A matched link is fetched (through
its redirects) before it counts: a dead link or a site whose title names
another body (县委, 人大 …) is dropped, and the portal's own links are then
read with it as the parent, one level down.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urljoin, urlsplit

import lxml.html

from crawler.discover.fetch import Page, PoliteFetcher
from registry.match import expected_below, is_decoy_title, is_list_link, match_link
from registry.name_forms import clean_name
from registry.regions import Region, children, resolve

log = logging.getLogger(__name__)
MAX_LIST_DEPTH = 2  # list pages followed from one portal (a 市县 page, then its 更多)
_WINDOW_OPEN = re.compile(r"""(?:window\.open|location(?:\.href)?\s*=)\s*\(?\s*['"]([^'"]+)['"]""")


@dataclass
class Found:
    code: str
    name: str
    url: str  # where the portal is (after redirects)
    page: str  # the page that linked it
    text: str  # the link text
    link: str  # the URL as linked
    by_former_name: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "url": self.url,
            "evidence": {"page": self.page, "text": self.text},
        }


@dataclass
class Discovery:
    found: dict[str, Found] = field(default_factory=dict)
    ambiguous: list[dict[str, Any]] = field(default_factory=list)
    rejected: list[dict[str, str]] = field(default_factory=list)
    #: the regions whose portals the walk started from: what is missing is missing under them
    scopes: set[str] = field(default_factory=set)
    #: start pages that could not be read (or whose region their title did not tell)
    unread: list[str] = field(default_factory=list)

    def missing(self) -> list[str]:
        expected = {r.code for p in sorted(self.scopes) for r in expected_below(p)}
        return sorted(expected - set(self.found))

    def as_json(self) -> dict[str, Any]:
        placed = {f.link for f in self.found.values()} | {f.url for f in self.found.values()}
        return {
            "found": [f.as_dict() for _, f in sorted(self.found.items())],
            "ambiguous": [a for a in self.ambiguous if a["url"] not in placed],
            "missing": self.missing(),
        }


@dataclass(frozen=True)
class _Task:
    url: str
    parent: str | None  # None: a start page whose region its title tells
    list_depth: int = 0
    candidate: Region | None = None  # a matched link to verify, with its evidence
    page: str = ""
    text: str = ""
    by_former_name: bool = False


def links(page: Page) -> Iterator[tuple[str, str]]:
    """(absolute URL, text) of every link a portal may use to name a government."""
    try:
        doc = lxml.html.fromstring(page.text or "<html></html>")
    except (ValueError, lxml.etree.ParserError):
        return
    base = page.final_url
    for el in doc.iter("a", "area", "option"):
        target = el.get("value") if el.tag == "option" else el.get("href")
        text = " ".join(el.text_content().split()) or el.get("title") or ""
        if el.tag != "option" and target and target.lower().startswith("javascript"):
            m = _WINDOW_OPEN.search(target)
            target = m.group(1) if m else None
        if target:
            yield urljoin(base, target.strip()), text
    for el in doc.xpath("//*[@onclick]"):
        m = _WINDOW_OPEN.search(el.get("onclick") or "")
        if m:
            yield urljoin(base, m.group(1)), " ".join(el.text_content().split())


def title(page: Page) -> str:
    m = re.search(r"<title[^>]*>(.*?)</title>", page.text or "", re.S | re.I)
    return " ".join(m.group(1).split()) if m else ""


def _region_of_title(text: str) -> Region | None:
    for part in re.split(r"[-_|—·\s]+", text):
        region = resolve(part) if part else None
        if region is not None and region.level in ("province", "prefecture"):
            return region
    return None


def _embedded(url: str) -> str | None:
    """The target of a redirect link (``/link.jsp?url=http://…``), read without asking."""
    for _, value in parse_qsl(urlsplit(url).query):
        if value.startswith(("http://", "https://")):
            return value
    return None


def _site_root(url: str) -> bool:
    return urlsplit(url).path.strip("/").count("/") == 0


class Walker:
    def __init__(self, fetcher: PoliteFetcher, workers: int = 8):
        self.fetcher, self.workers = fetcher, workers
        self.result = Discovery()
        self._seen: set[str] = set()

    def run(self, starts: list[tuple[str, str | None]]) -> Discovery:
        frontier = [_Task(url, parent) for url, parent in starts]
        with ThreadPoolExecutor(self.workers) as pool:
            while frontier:
                todo = [t for t in frontier if self._first(t.url)]
                pages = list(pool.map(lambda t: self.fetcher.get(t.url), todo))
                frontier = [
                    nxt for t, p in zip(todo, pages, strict=True) for nxt in self._read(t, p)
                ]
        return self.result

    def _first(self, url: str) -> bool:
        key = url.rstrip("/")
        if key in self._seen:
            return False
        self._seen.add(key)
        return True

    def _read(self, task: _Task, page: Page | None) -> list[_Task]:
        if page is None or page.status != 200:
            log.info("discover: no page at %s", task.url)
            if task.candidate is None and task.list_depth == 0:
                self.result.unread.append(task.url)
            return []
        parent = task.parent
        if task.candidate is not None:
            if not self._accept(task, page):
                return []
            parent = task.candidate.code
            if not any(r.level != "township" and r.current for r in children(parent)):
                return []  # a county: nothing below to find
        elif parent is None:
            region = _region_of_title(title(page))
            if region is None:
                log.warning("discover: cannot tell whose portal %s is", task.url)
                self.result.unread.append(task.url)
                return []
            parent = region.code
        if task.candidate is None and task.list_depth == 0:
            self.result.scopes.add(parent)
        return list(self._scan(page, parent, task.list_depth))

    def _accept(self, task: _Task, page: Page) -> bool:
        region = task.candidate
        assert region is not None
        decoy = is_decoy_title(title(page))
        if decoy:
            self.result.rejected.append({"url": page.final_url, "why": f"title says {decoy}"})
            return False
        known = self.result.found.get(region.code)
        if known is not None and not (known.by_former_name and not task.by_former_name):
            return known.url == page.final_url  # the first link wins; the same site again is fine
        self.result.found[region.code] = Found(
            region.code,
            region.name,
            page.final_url,
            task.page,
            task.text,
            task.url,
            task.by_former_name,
        )
        return True

    def _scan(self, page: Page, parent: str, list_depth: int) -> Iterator[_Task]:
        host = urlsplit(page.final_url).netloc
        for url, text in links(page):
            url = _embedded(url) or url
            if urlsplit(url).scheme not in ("http", "https") or not text:
                continue
            same_site = urlsplit(url).netloc == host
            if same_site and is_list_link(text) and list_depth < MAX_LIST_DEPTH:
                yield _Task(url, parent, list_depth + 1)
                continue
            if same_site and not _site_root(url):
                continue  # a column of this portal named after a place, not a portal
            m = match_link(text, parent, url)
            if m.rejected:
                self.result.rejected.append({"url": url, "text": text, "why": m.rejected})
            elif m.candidates:
                entry: dict[str, Any] = {"text": text, "url": url, "candidates": list(m.candidates)}
                if entry not in self.result.ambiguous:
                    self.result.ambiguous.append(entry)
            elif m.region is not None:
                yield _Task(url, parent, 0, m.region, page.final_url, text, m.by_former_name)


def discover(starts: list[tuple[str, str | None]], fetcher: PoliteFetcher) -> Discovery:
    """Walk from ``starts`` ((URL, region code or None)) and return what was found."""
    return Walker(fetcher).run(starts)


__all__ = ["Discovery", "Found", "Walker", "clean_name", "discover", "links"]
