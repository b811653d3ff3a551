"""A list's further pages dealt round the week, when its first page links them all.

Most list pagers are a fan: the first page names every further page (TRS's
``createPageHTML``, Hanweb's ``jpage`` record count, a JSON API's page count),
so any one of them can be fetched without the others.  Walking all of them on
one night of the week made that night as long as the first crawl for the
portal, and a night lasts as long as its longest chain of one host's polite
requests.  So a fan's further pages are dealt round the six nights that are not
the portal's deep-list night, as its known documents are
(crawler/recheck_schedule.py): each page is fetched at least weekly, a page new
tonight at once, and a night costs a sixth of the list.

Whether a list is a fan is learnt on a night that walks it whole: a further
page that leads to a page its first page did not name (a "next page" chain, a
pager window) makes it a chain, kept to the deep-list night (crawler/night_walk.py).
The first page rendered in the browser, or a list API call its script makes,
names pages for it: a call's first answer naming the call's other pages is a fan.
The fans are kept with the portal's starting pages (``portals.columns``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from scrapy import Request

from crawler.recheck_schedule import WEEK, PortalWeek, is_due


def list_key(request: Request) -> str:
    """A list page's identity: its URL, and its body for a POST (one API URL, many pages)."""
    if request.method == "POST" and request.body:
        return f"{request.url} {hashlib.sha256(request.body).hexdigest()[:12]}"
    return request.url


@dataclass
class ListDeals:
    """Tonight's fans and chains, and the nights of a fan's further pages."""

    #: root key → the keys of the further pages its first page named tonight
    named: dict[str, set[str]] = field(default_factory=dict)
    #: root key → the keys its first page named itself
    children: dict[str, set[str]] = field(default_factory=dict)
    #: roots whose first page had every further page it named released tonight
    whole: set[str] = field(default_factory=set)
    #: roots a further page of which led to a page the first did not name
    chains: set[str] = field(default_factory=set)
    #: root key → its portal's id
    portal_of: dict[str, int | None] = field(default_factory=dict)
    #: root key → {further page key → its night of the week}
    nights: dict[str, dict[str, int]] = field(default_factory=dict)

    def saw(
        self, root: str, own: str, is_root: bool, keys: set[str], portal_id: int | None
    ) -> None:
        """A page ``own`` of the list ``root`` read, naming further pages ``keys``.  The
        pages the first page names may name the rest (a list API call the column page
        makes names the call's further pages); a page further down naming a new one
        makes a chain."""
        if is_root:
            self.named[root] = set(keys)
            self.children[root] = set(keys)
            self.portal_of[root] = portal_id
        elif own == root:  # the first page again, as the browser rendered it
            self.named.setdefault(root, set()).update(keys - {root})
            self.children.setdefault(root, set()).update(keys - {root})
        elif own in self.children.get(root, ()):
            self.named[root] |= keys - {root}
        elif keys - self.named.get(root, keys) - {root}:  # (a pager names page 1 too)
            self.chains.add(root)

    def released_all(self, root: str) -> None:
        """Every further page the list's first page named goes out tonight (or it named
        none): the list is read whole, and if no further page turns out a chain, a fan."""
        self.whole.add(root)

    def due(
        self,
        root: str,
        held: list[Request],
        week: PortalWeek,
        last: dict[str, datetime],
        today: date,
    ) -> list[Request]:
        """The further pages of a fan due tonight: on their own night (dealt onto the
        nights of its portal's ``week`` that hold least of its documents), after a
        missed night (a week or more since their last fetch) or never fetched."""
        keyed = [(list_key(r), r) for r in held]
        nights = self.nights.get(root, {})
        named = self.named.get(root, set())
        if any(key in named and key not in nights for key, _ in keyed):
            nights = self.nights[root] = week.deal(named, keep=False)
        return [
            request
            for key, request in keyed
            if key not in nights or is_due(nights[key], last.get(request.url), WEEK, today)
        ]

    def fans(self, portal_id: int | None, before: list[str]) -> list[str]:
        """The portal's fans to keep: walked whole tonight and not a chain, or kept from
        before and not found a chain tonight."""
        mine = {r for r, pid in self.portal_of.items() if pid == portal_id}
        return sorted((set(before) | (mine & self.whole)) - self.chains)
