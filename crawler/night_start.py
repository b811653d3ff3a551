"""Where a night starts on a portal: at the 年报 lists found last time, the home page weekly.

Walking home → 政府信息公开 → 年报 column every night costs a portal's
navigation pages every night, and they never hold a report.  So each night
keeps the pages its reports were listed on (``portals.columns``: the column,
its year or department lists, any page whose links led to reports), and the
next night starts there instead of at the home page.  Navigation links from
those pages to pages fetched before are not followed on such a night (the
section, the home page, the other columns); a link to a page never fetched
is (a new year's list, a column that moved).

A list that its page's script fills from an API was read through the call
the page states (crawler/platforms/jsonapi.py) or the browser saw it make
(crawler/platforms/jsbuilt.py): that call is kept as the starting page, with
the request meta its adapter reads it by, and the page itself, whose HTML
held no entry and led nowhere else, is not; so a quiet night fetches the list
once, and needs no browser for one its script builds.  If the call stops
answering with a list (its URL carried a token that expired), that is a
starting page that failed: the walk from the home page reads the page again.

The whole navigation is walked again from the home page on the portal's own
night of the week (crawler/night_walk.py), when the last such walk is a week
old or more, on every ``--full`` night, and at once when a starting page fails:
it answers an error, redirects elsewhere, or no longer leads to any report or
list (the column moved or was emptied).  On the portal's own night and after a
missed week the kept pages start beside that walk, and a page whose list a kept
call read tonight is not rendered when the walk reaches it: a call its script
newly makes beside the kept one is found on the night the kept one fails.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from scrapy import Request
from scrapy.http import Response
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.models import Portal
from crawler.list_deals import ListDeals
from crawler.night_walk import ListPage, portal_night, stands_for
from crawler.platforms.jsbuilt import REPLAY_OF
from crawler.recheck_schedule import WEEK

#: roles a kept page may have had (the page's role decides which of its links are read)
PAGE_ROLES = ("home", "nav", "column", "list")
#: the request meta a list API call is read by (its adapter; the page it stands for)
CALL_META = ("platform", REPLAY_OF, "jsonapi_from", "jsonapi_role")
#: at most this many starting pages per portal (a portal whose every page lists reports)
MAX_STARTS = 20


class NightStart:
    """The starting pages of the crawl's portals, and what tonight's walk found."""

    def __init__(
        self, sessions: sessionmaker[Session], today: date, full: bool, deals: ListDeals
    ) -> None:
        self.sessions = sessions
        self.today = today
        self.full = full
        #: tonight's fans and chains among the lists (kept as ``fans`` with the pages)
        self.deals = deals
        #: portal id → the kept record (pages, walked)
        self.kept: dict[int, dict[str, Any]] = {}
        #: portals started at their kept pages tonight (not fallen back to the home page)
        self.short: set[int] = set()
        #: portals whose home page answered tonight
        self.walked: set[int] = set()
        #: portal id → tonight's pages that led to reports or lists: URL → [role] or
        #: [role, meta] (a list API call: the meta to fetch it with, ``CALL_META``)
        self.pages: dict[int, dict[str, list[Any]]] = {}
        #: portal id → tonight's pages that led on only through calls standing for them
        self.shells: dict[int, set[str]] = {}
        #: pages whose list was read tonight through a call standing for them
        self.read_through: set[str] = set()

    def read(self, portal_ids: list[int]) -> None:
        with self.sessions() as session:
            rows: Sequence[tuple[int, dict[str, Any] | None]] = session.execute(
                select(Portal.id, Portal.columns).where(Portal.id.in_(portal_ids))
            ).all()
            self.kept = {pid: kept for pid, kept in rows if kept and kept.get("pages")}

    def fans(self, portal_id: int | None) -> set[str]:
        """The portal's lists known to be fans (crawler/list_deals.py), by first page key."""
        kept = self.kept.get(portal_id) if portal_id is not None else None
        return set(kept.get("fans") or ()) if kept else set()

    def challenges(self, portal_id: int | None) -> bool:
        """The portal answered the last crawl with a cookie challenge (it will again)."""
        kept = self.kept.get(portal_id) if portal_id is not None else None
        return bool(kept and kept.get("challenge"))

    def starts(
        self, portal_id: int | None, code: str
    ) -> tuple[list[tuple[str, str, dict[str, str]]], bool]:
        """Tonight's starting pages (URL, role, meta), and whether the walk from the home
        page goes too.

        On the portal's navigation night the kept pages start beside the walk from the
        home page, not after it: the walk's requests for them are duplicates then
        (``dont_filter`` off, the spider's start), and the reports they list are fetched
        while the walk is still on its navigation pages, not three hops later, at the
        end of the night's longest chain.
        """
        kept = self.kept.get(portal_id) if portal_id is not None else None
        if self.full or kept is None:
            return [], True
        walked = date.fromisoformat(str(kept.get("walked") or "1970-01-01"))
        age = (self.today - walked).days
        home = age >= WEEK or (age > 0 and self.today.toordinal() % WEEK == portal_night(code))
        assert portal_id is not None
        if not home:
            self.short.add(portal_id)
        starts = []
        for url, role, *meta in kept["pages"][:MAX_STARTS]:
            call = {k: v for k, v in (meta[0] if meta else {}).items() if k in CALL_META}
            starts.append((str(url), str(role), call))
        return starts, home

    def skips_nav(self, request: Request, known: dict[str, Any]) -> bool:
        """On a night started at the kept pages, a navigation link to a known page waits."""
        meta = request.meta
        pid = (meta.get("portal") or {}).get("portal_id")
        if pid not in self.short or meta.get("role") not in ("nav", "column"):
            return False
        return not meta.get("frame") and request.url in known

    def note(self, response: Response, page: ListPage) -> bool:
        """Note a page that led to reports or lists; True when a starting page failed."""
        meta = response.meta
        pid = page.portal.get("portal_id")
        if pid is None:
            return False
        from_home = meta.get("role") == "home" and not meta.get("nianbao_shortcut")
        if from_home and response.status < 400:  # the walk from the home page
            self.walked.add(pid)
        led_on = page.entries > 0 or bool(page.held)
        plain = response.request is None or response.request.method == "GET"
        # a list's further pages follow from its first; a list API call's first page is one
        call = stands_for(meta) and not meta.get("jsonapi_paged")
        first_page = int(meta.get("list_pages", 0)) == 0 or bool(call)
        if call and led_on and response.status < 400:
            self.read_through.add(str(stands_for(meta)))
        if led_on and plain and first_page and response.status < 400:
            kept = [meta.get("role", "nav")]
            if call:
                kept.append({k: meta[k] for k in CALL_META if meta.get(k)})
            self.pages.setdefault(pid, {}).setdefault(response.url, kept)
            url = response.url
            if not page.entries and not page.leads and all(is_call_of(url, r) for r in page.held):
                self.shells.setdefault(pid, set()).add(url)
        if not meta.get("nianbao_shortcut") or pid not in self.short:
            return False
        moved = response.status >= 400 or bool(meta.get("redirect_urls")) or not led_on
        if moved:
            self.short.discard(pid)  # the whole walk from the home page, tonight
        return moved

    def save(self, challenged: set[int] | None = None) -> None:
        """Keep tonight's pages for tomorrow; the walk's night when it began at home; whether
        the portal answered with a cookie challenge (``challenged``: portal ids)."""
        fanned = {pid for pid in self.deals.portal_of.values() if pid is not None}
        if not self.pages and not self.walked and not fanned:
            return
        with self.sessions() as session:
            for pid in set(self.pages) | self.walked | fanned:
                portal = session.get(Portal, pid)
                if portal is None:
                    continue
                before = portal.columns or {}
                pages = self.pages.get(pid, {})
                walked = self.today.isoformat() if pid in self.walked else before.get("walked")
                if not pages and pid in self.walked:
                    portal.columns = None  # nothing led to a report: start at home next time
                    continue
                if pid not in self.walked:  # started at the kept pages: keep the ones not reached
                    pages = self._kept(before) | pages
                items = self._items(pages, self.shells.get(pid, set()))
                fans = self.deals.fans(pid, before.get("fans") or [])
                record = {"pages": items[:MAX_STARTS], "walked": walked, "fans": fans}
                portal.columns = record | ({"challenge": True} if pid in (challenged or ()) else {})
            session.commit()

    @staticmethod
    def _kept(record: dict[str, Any]) -> dict[str, list[Any]]:
        """A stored record's pages, as ``pages`` holds them."""
        return {item[0]: list(item[1:]) for item in record.get("pages") or []}

    @staticmethod
    def _items(pages: dict[str, list[Any]], shells: set[str]) -> list[list[Any]]:
        """The pages as stored; a page whose list was read through a call kept here is not."""
        called = {stands_for(kept[1]) for kept in pages.values() if len(kept) > 1}
        return [
            [url, *kept]
            for url, kept in pages.items()
            if kept[0] in PAGE_ROLES and not (url in shells and url in called)
        ]


def is_call_of(url: str, request: Request) -> bool:
    """The page at ``url`` rendered, or a list API call standing for it."""
    return (
        request.url == url
        and bool(request.meta.get("playwright"))
        or (stands_for(request.meta) == url)
    )
