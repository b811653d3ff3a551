"""How far a quiet night walks a portal's lists: newest entries nightly, the deep pages weekly.

Lists are newest first: a new report or a 更正版 appears at the top, and an
entry that changed says so where it is.  So when every entry of a list page is
known with the same text and date as last time, the pages after it hold
nothing new tonight, and the requests for them (pager links, an adapter's next
API page) are held back: ``skipped_lists`` in the summary.  Each further page
still comes round weekly: a list whose first page names all its pages (a fan)
has them dealt round the week (crawler/list_deals.py); any other list (a chain
of "next page" links) is walked whole on the portal's deep-list night of the
week (``deep_night``).  Every list is walked whole when one of its pages was
last fetched a week ago or more (a missed night) or never, on every night of
``--full``, and while one of its reports is ``gone`` (the second look that may
make it ``withdrawn`` wants the whole list).  The deep-list night is half a
week from the portal's navigation night (``portal_night``, when the walk starts
at its home page, crawler/night_start.py): a night is as long as its longest
chain of one host's polite requests, and the two walks on one night made a
portal's chain the longest of the night.  A portal whose lists are all fans
(a list of a single page is one) has nothing long on its deep night, which then
takes its share of the rolling re-checks like any other (``portal_week``).

Only a fully walked list proves that a report is no longer listed: on a night
that held a portal's deep pages back, a known report that no link led to is
not re-checked as unlisted.  If its own night of the rolling schedule has come
it is *probed* instead (fetched as usual, so a revision in place is seen, but
a page that answers proves nothing about the list; a 404/410 is noted as an
answer for the withdrawn rule), otherwise it is skipped.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from scrapy import Request
from scrapy.http import Response

from crawler.list_deals import list_key
from crawler.platforms.jsbuilt import REPLAY_OF
from crawler.recheck_schedule import WEEK, PortalWeek, is_due

#: roles of the pages whose entries are read as a list
LIST_ROLES = ("column", "list")
#: the request meta naming a further list page's first page (its key)
LIST_ROOT = "nianbao_list_root"


def portal_night(code: str) -> int:
    """The portal's night of the week for its navigation (the walk from its home page)."""
    return int.from_bytes(hashlib.sha256(code.encode("utf-8")).digest()[:4], "big") % WEEK


def deep_night(code: str) -> int:
    """The portal's night of the week for its deep list pages: half a week after."""
    return (portal_night(code) + WEEK // 2) % WEEK


def portal_week(code: str, kept: dict[str, Any] | None = None) -> PortalWeek:
    """The portal's week as its re-checks are dealt (crawler/recheck_schedule.py): its
    deep-list night left out when one of its lists is walked whole that night."""
    return PortalWeek.of(portal_night(code), deep_night(code) if has_chain(kept) else None)


def has_chain(kept: dict[str, Any] | None) -> bool:
    """True unless every list a portal's kept record (crawler/night_start.py) starts at is
    known to be a fan: a portal whose lists are all fans has nothing long on its deep night."""
    fans = set((kept or {}).get("fans") or ())
    lists = [
        (stands_for(meta[0]) if meta else None) or url
        for url, role, *meta in (kept or {}).get("pages") or ()
        if role in LIST_ROLES
    ]
    return not lists or any(root not in fans for root in lists)


def stands_for(meta: dict[str, Any]) -> str | None:
    """The page a list API call stands for (its script makes it), or None."""
    return meta.get(REPLAY_OF) or meta.get("jsonapi_from") or None


def deep_walk_due(code: str, urls: list[str], last: dict[str, datetime], today: date) -> bool:
    """True when a portal's deeper list pages are to be walked tonight."""
    night = deep_night(code)
    return any(is_due(night, last.get(url), WEEK, today) for url in urls)


@dataclass
class ListPage:
    """One list page's output as it passes: its entries, and its requests for further pages."""

    response: Response
    #: requests for the list's further pages, held until the page's entries are all read
    held: list[Request] = field(default_factory=list)
    entries: int = 0
    #: entries new tonight, changed, or of a report whose presence is in question
    fresh: int = 0
    #: column and list pages it leads to that are not held (another list, a sub-column)
    leads: int = 0

    @classmethod
    def of(cls, response: Response) -> ListPage | None:
        """Any page but a report's: its links to reports are entries (a home page's too)."""
        return None if response.meta.get("role") in ("report", "attachment") else cls(response)

    @property
    def portal(self) -> dict[str, Any]:
        return self.response.meta.get("portal") or {}

    @property
    def key(self) -> str:
        """This page's key (crawler/list_deals.py)."""
        request = self.response.request
        return list_key(request) if request is not None else self.response.url

    @property
    def root(self) -> str:
        """The key of the list's first page, this one's if it is: a list API call started
        at stands for the page whose script makes it, as on the night that found it."""
        meta = self.response.meta
        return str(meta.get(LIST_ROOT) or stands_for(meta) or self.key)

    @property
    def is_root(self) -> bool:
        return not self.response.meta.get(LIST_ROOT)

    def holds(self, item: Any) -> bool:
        """Keep back a request for a further page of this list (True: held)."""
        if not isinstance(item, Request) or item.meta.get("role") not in LIST_ROLES:
            return False
        further = (
            item.meta.get("role") == "list"
            # a list a navigation page leads to is its first page
            and self.response.meta.get("role") in LIST_ROLES
            # a frame of the page is not a further page
            and int(item.meta.get("list_pages", 0)) > int(self.response.meta.get("list_pages", 0))
        )
        if not further:
            self.leads += 1
            return False
        item.meta[LIST_ROOT] = self.root
        self.held.append(item)
        return True

    def note(self, fresh: bool) -> None:
        self.entries += 1
        self.fresh += int(fresh)

    @property
    def all_known(self) -> bool:
        """Entries were read, and none of them is new or changed."""
        return self.entries > 0 and self.fresh == 0
