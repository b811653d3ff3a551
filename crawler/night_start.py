"""Where a night starts on a portal: at the 年报 lists found last time, the home page weekly.

Walking home → 政府信息公开 → 年报 column every night costs a portal's
navigation pages every night, and they never hold a report.  So each night
keeps the pages its reports were listed on (``portals.columns``: the column,
its year or department lists, any page whose links led to reports), and the
next night starts there instead of at the home page.  Navigation links from
those pages to pages fetched before are not followed on such a night (the
section, the home page, the other columns); a link to a page never fetched
is (a new year's list, a column that moved).

The whole navigation is walked again from the home page on the portal's own
night of the week (crawler/night_walk.py), when the last such walk is a week
old or more, on every ``--full`` night, and at once when a starting page fails:
it answers an error, redirects elsewhere, or no longer leads to any report or
list (the column moved or was emptied).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from scrapy import Request
from scrapy.http import Response
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.models import Portal
from crawler.night_walk import ListPage, portal_night
from crawler.recheck_schedule import WEEK

#: roles a kept page may have had (the page's role decides which of its links are read)
PAGE_ROLES = ("home", "nav", "column", "list")
#: at most this many starting pages per portal (a portal whose every page lists reports)
MAX_STARTS = 20


class NightStart:
    """The starting pages of the crawl's portals, and what tonight's walk found."""

    def __init__(self, sessions: sessionmaker[Session], today: date, full: bool) -> None:
        self.sessions = sessions
        self.today = today
        self.full = full
        #: portal id → the kept record (pages, walked)
        self.kept: dict[int, dict[str, Any]] = {}
        #: portals started at their kept pages tonight (not fallen back to the home page)
        self.short: set[int] = set()
        #: portals whose home page answered tonight
        self.walked: set[int] = set()
        #: portal id → tonight's pages that led to reports or lists: URL → role
        self.pages: dict[int, dict[str, str]] = {}

    def read(self, portal_ids: list[int]) -> None:
        with self.sessions() as session:
            rows = session.execute(
                select(Portal.id, Portal.columns).where(Portal.id.in_(portal_ids))
            ).tuples()
            self.kept = {pid: kept for pid, kept in rows if kept and kept.get("pages")}

    def starts(self, portal_id: int | None, code: str) -> list[tuple[str, str]]:
        """Tonight's starting pages (URL, role); empty: start at the home page."""
        kept = self.kept.get(portal_id) if portal_id is not None else None
        if self.full or kept is None:
            return []
        walked = date.fromisoformat(str(kept.get("walked") or "1970-01-01"))
        age = (self.today - walked).days
        if age >= WEEK or (age > 0 and self.today.toordinal() % WEEK == portal_night(code)):
            return []
        assert portal_id is not None
        self.short.add(portal_id)
        return [(str(url), str(role)) for url, role in kept["pages"][:MAX_STARTS]]

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
        first_page = int(meta.get("list_pages", 0)) == 0  # a list's further pages follow from it
        if led_on and plain and first_page and response.status < 400:
            self.pages.setdefault(pid, {}).setdefault(response.url, meta.get("role", "nav"))
        if not meta.get("nianbao_shortcut") or pid not in self.short:
            return False
        moved = response.status >= 400 or bool(meta.get("redirect_urls")) or not led_on
        if moved:
            self.short.discard(pid)  # the whole walk from the home page, tonight
        return moved

    def save(self) -> None:
        """Keep tonight's pages for tomorrow; the walk's night when it began at home."""
        if not self.pages and not self.walked:
            return
        with self.sessions() as session:
            for pid in set(self.pages) | self.walked:
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
                    pages = dict(before.get("pages") or []) | pages
                items = [[url, role] for url, role in pages.items() if role in PAGE_ROLES]
                portal.columns = {"pages": items[:MAX_STARTS], "walked": walked}
            session.commit()
