"""The nightly crawl's choices: which known report pages and attachments are fetched tonight.

Lists are always fetched.  A link from a list to a page or file the archive
already holds is followed tonight only when (1) its list entry changed (its
text or title, or the date beside it; a new URL is new anyway), (2) its
report is not plainly ``present`` (unlisted, gone or withdrawn: the column
decides), or (3) the rolling schedule says it is due (crawler/recheck_schedule.py).
Links from a fetched report page to its attachments follow the schedule too,
unless the page was fetched for a changed entry.  Everything else is skipped
and counted in the summary (``skipped_known``; ``due_known`` and
``changed_entries`` for what was fetched).  A skipped document is neither
linked nor re-checked, so ``apply_presence`` never calls it unlisted or
withdrawn.  A list page whose entries are all known and unchanged holds back
the list's further pages (crawler/night_walk.py): then no known report the
night did not reach is called unlisted, and one due tonight is probed.
``NIANBAO_FULL`` (``nianbao crawl --full``) fetches every known document and
every list page, as every crawl did before.

What the database knows (last fetch per URL, each document's report year and
status, the list entries of last time) is read once when the spider opens, for
the crawl's portals only (crawler/known_pages.py); the list entries seen tonight
(crawler/list_entries.py) are written at close.  The spider middleware that puts
the spider's requests to the plan is crawler/middlewares/nightly_schedule.py.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from weakref import WeakKeyDictionary

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from sqlalchemy.orm import Session, sessionmaker

from crawler.known_pages import KnownPages
from crawler.list_deals import ListDeals, list_key
from crawler.list_entries import ListEntries
from crawler.night_start import NightStart
from crawler.night_walk import LIST_ROLES, ListPage, deep_walk_due
from crawler.recheck_schedule import schedule_today
from crawler.summary import crawl_summary


class NightlyPlan:
    """What is known of the crawl's portals, and tonight's decisions on it."""

    def __init__(self, crawler: Crawler, sessions: sessionmaker[Session], crawl_id: int) -> None:
        self.crawler = crawler
        self.sessions = sessions
        self.crawl_id = crawl_id
        self.full = crawler.settings.getbool("NIANBAO_FULL")
        self.today = schedule_today()
        self.known = KnownPages()
        #: tonight's list entries, to compare with the last crawl's
        self.entries = ListEntries()
        self.skipped: set[str] = set()
        #: portals whose lists were not walked whole tonight (further pages held back)
        self.cut: set[int | None] = set()
        #: URLs already counted tonight (a URL linked twice is one decision)
        self.counted: dict[str, str] = {}
        #: fans and chains among tonight's lists, and the nights of a fan's further pages
        self.deals = ListDeals()
        self.start = NightStart(sessions, self.today, self.full, self.deals)
        self.loaded = False

    def load(self, portal_ids: list[int]) -> None:
        """Read what the database knows of these portals, once, as the crawl starts."""
        if self.loaded:
            return
        self.loaded = True
        self.known = KnownPages.read(self.sessions, portal_ids, self.crawl_id)
        self.start.read(portal_ids)

    def starts(self, portal: Any) -> tuple[list[tuple[str, str, dict[str, str]]], bool]:
        """Where tonight's walk of a portal starts, and whether at its home page too."""
        pages, home = self.start.starts(portal.portal_id, portal.code)
        self.add(portal.code, "started_at_lists", int(bool(pages) and not home))
        return pages, home

    def challenged(self, portals: Iterable[Any]) -> set[int]:
        """Ids of the portals that answered tonight's crawl with a cookie challenge."""
        summary = crawl_summary(self.crawler)
        codes = summary.challenged if summary is not None else set()
        return {p.portal_id for p in portals if p.code in codes and p.portal_id is not None}

    def add(self, code: str, key: str, n: int = 1) -> None:
        summary = crawl_summary(self.crawler)
        if summary is not None and code and n:
            summary.sites[code][key] += n

    # -- decisions -------------------------------------------------------------------

    def due(self, url: str) -> bool:
        return self.known.due(url, self.today)

    def follow(self, request: Request, parent: Response, page: ListPage | None = None) -> bool:
        """True when the spider's request is to be sent tonight; notes list entries."""
        meta = request.meta
        on_list = parent.meta.get("role") != "report"
        changed = False
        if on_list:
            portal_id = (meta.get("portal") or {}).get("portal_id")
            entry = self.entries.note(request, parent, portal_id)
            changed = entry not in self.known.entries.get(request.url, set())
        url = request.url
        doc = self.known.docs.get(url)
        if page is not None and on_list:
            page.note(
                changed
                or url not in self.known.last
                or (doc is not None and doc.status != "present")
            )
        if url not in self.known.last or (doc is not None and doc.status != "present"):
            return True  # new, or its report's presence is in question: the column decides
        if self.full or self.counted.get(url, "skipped_known") != "skipped_known":
            return True  # everything tonight; or sent already for another link
        if changed or (not on_list and parent.meta.get("nianbao_changed")):
            meta["nianbao_changed"] = True
            self._count(url, meta, "changed_entries")
            return True
        if self.due(url):
            self._count(url, meta, "due_known")
            return True
        self.skipped.add(url)
        self._count(url, meta, "skipped_known")
        return False

    def release(self, page: ListPage) -> list[Request]:
        """The further pages a list page held back that are to be fetched tonight."""
        if not page.held:
            if page.is_root and page.entries and page.response.meta.get("role") in LIST_ROLES:
                # a list of one page: a fan with no further pages (nothing for its deep night)
                self.deals.saw(page.root, page.key, True, set(), page.portal.get("portal_id"))
                self.deals.released_all(page.root)
            return []
        portal = page.portal
        pid, code = portal.get("portal_id"), str(portal.get("code", ""))
        root = page.root
        self.deals.saw(root, page.key, page.is_root, {list_key(r) for r in page.held}, pid)
        urls = [r.url for r in page.held]
        fan = root in self.start.fans(pid)
        # a further page of a fan whose links are all look-alikes tells nothing new either
        unread = not page.all_known and not (fan and not page.is_root and not page.fresh)
        if self.full or unread or pid in self.known.gone:
            out = page.held
        elif fan:  # each further page on its own night
            out = self.deals.due(
                root, page.held, self.known.week(pid, code), self.known.last, self.today
            )
        elif deep_walk_due(code, urls, self.known.last, self.today):
            out = page.held
        else:
            out = []
        if len(out) == len(page.held) and page.is_root:
            self.deals.released_all(root)
        if len(out) < len(page.held):
            self.cut.add(pid)
            if page.is_root or not fan:  # a fan's pages are counted once, at its first
                self.add(code, "skipped_lists", len(page.held) - len(out))
        return out

    def at_idle(self, url: str, kind: str, parent_url: str | None, portal: Any) -> str:
        """A known document no link led to tonight: ``skip``, ``fetch`` (as linked),
        ``recheck`` (is it still there?) or ``probe`` (re-fetched, its list unread)."""
        if url in self.skipped:
            return "skip"
        doc = self.known.docs.get(url)
        unwalked = portal.get("portal_id") in self.cut and not self.full
        if unwalked and doc is not None and doc.status == "present":
            # on a list page held back tonight, perhaps: only its own night fetches it
            meta = {"portal": portal}
            if self.due(url):
                self._count(url, meta, "due_known")
                return "probe"
            self.skipped.add(url)
            self._count(url, meta, "skipped_known")
            return "skip"
        if self.full or kind != "attachment" or parent_url not in self.skipped:
            return "recheck"  # unlinked: the withdrawn rule needs its answer
        meta = {"portal": portal}
        if self.due(url):  # its report page was skipped, its own night has come
            self._count(url, meta, "due_known")
            return "fetch"
        self.skipped.add(url)
        self._count(url, meta, "skipped_known")
        return "skip"

    def _count(self, url: str, meta: dict[str, Any], key: str) -> None:
        """One count per URL and night: a URL linked twice is one decision, the last one."""
        before = self.counted.get(url)
        if before == key:
            return
        if key != "skipped_known":
            self.skipped.discard(url)  # skipped from one link, fetched for another
        self.counted[url] = key
        summary = crawl_summary(self.crawler)
        portal = meta.get("portal")
        if summary is not None and portal:
            site = summary.sites[portal["code"]]
            site[key] += 1
            if before is not None:
                site[before] -= 1

    # -- at close --------------------------------------------------------------------

    def save(self, portals: Iterable[Any]) -> None:
        """Keep tonight's list entries and starting pages for tomorrow."""
        self.entries.save(self.sessions, self.known.entries)
        self.start.save(self.challenged(portals))


_plans: WeakKeyDictionary[Crawler, NightlyPlan] = WeakKeyDictionary()


def nightly_plan(crawler: Crawler) -> NightlyPlan | None:
    """The crawler's plan (None without a database: nothing is known, nothing skipped)."""
    from crawler.context import crawl_context

    plan = _plans.get(crawler)
    if plan is None:
        ctx = crawl_context(crawler)
        if ctx is None:
            return None
        plan = _plans[crawler] = NightlyPlan(crawler, ctx.sessions, ctx.crawl_id)
    return plan
