"""When a known report page or attachment is due to be fetched again: the rolling schedule.

Real portals answer few conditional requests (visit counters on every page), so
re-fetching every known document every night costs the whole first crawl again.
Lists are fetched nightly (new reports and 更正版 appear there); a known document
is fetched again on its own night of a rolling week: ranked by a stable hash of
their URLs, a portal's known documents are dealt round the nights of the week
(but its deep-list night, if one of its lists is a chain walked whole that night:
crawler/night_walk.py), then the further pages of its lists that are fans
(crawler/list_deals.py), each to the night that holds least so far (its
``PortalWeek``), the navigation night counted as ``NAV_COST`` already: a night
lasts as long as its longest chain of one host's polite requests, so each
portal's nights are kept level, and a portal's dealing starts the night after
its navigation night, so that the whole crawl's nights are level too.  One of
the portal's newest year (still being corrected) is fetched on two nights of
each week, ``NEWEST_GAP`` and then 7 − ``NEWEST_GAP`` nights apart: dealt first
and onto the same week as the rest, so that its nights are levelled with them
(a cycle of its own, three nights against the week's seven, made a portal's
busiest night every 21st night the sum of both busiest nights).
A document whose last fetch is its period or more nights old is due whatever
its night (a night was missed), so none waits longer than its period.  A page the list
links that held no report (a look-alike: 图文解读, 统计公报) is known too: it is
fetched again every ``NOT_A_REPORT_EVERY`` nights, or when its entry changes.
A changed list entry is fetched at once; that rule lives with the crawl
component (crawler/nightly.py).

The schedule's clock is the UTC date, or ``NIANBAO_SCHEDULE_DATE`` (YYYY-MM-DD)
when set: tests advance it to the night a document becomes due.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

#: every known document is fetched again at least this often (days)
WEEK = 7
#: a report of the portal's newest year is fetched on two nights of the week, this many
#: nights apart (then WEEK − this): never more than NEWEST_EVERY nights between two fetches
NEWEST_GAP = 3
NEWEST_EVERY = max(NEWEST_GAP, WEEK - NEWEST_GAP)
#: a known page that held no report (a look-alike the list links) is fetched again this often
NOT_A_REPORT_EVERY = 28
#: the requests a portal's navigation night makes besides its lists: the walk from its
#: home page through a page or two of menus (crawler/night_start.py)
NAV_COST = 3
#: the environment variable that sets the schedule's date (tests only)
CLOCK_ENV = "NIANBAO_SCHEDULE_DATE"


def schedule_today() -> date:
    """The night the schedule plans for: today in UTC, unless the clock is set."""
    forced = os.environ.get(CLOCK_ENV)
    return date.fromisoformat(forced) if forced else datetime.now(UTC).date()


def period(year: int | None, newest_year: int | None, is_report: bool = True) -> int:
    """Days between two fetches of a document of report ``year``."""
    if not is_report:
        return NOT_A_REPORT_EVERY
    if year is not None and newest_year is not None and year >= newest_year:
        return NEWEST_EVERY
    return WEEK


def spread(
    urls: Iterable[str],
    days: int,
    avoid: int | None = None,
    start: int = 0,
    load: dict[int, int] | None = None,
) -> dict[str, int]:
    """Each URL's night in a cycle of ``days`` nights.

    The URLs are ranked by a stable hash (the same on every run and machine) and
    dealt round the nights, each to the night that holds least so far (``load``:
    what each night holds already; updated), ties to the first from ``start`` on,
    so that each night has its exact share, not a random one: a portal's night
    costs the same every night.  A cycle of whole weeks leaves out the weekday
    ``avoid``: the portal's deep-list night, whose walk of its chained lists is
    already the longest chain of the portal's week.
    """
    nights = sorted(range(days), key=lambda n: (n - start) % days)
    if avoid is not None and days % WEEK == 0:
        nights = [n for n in nights if n % WEEK != avoid]
    held = load if load is not None else {}
    ranked = sorted(urls, key=_rank)
    out = {}
    for url in ranked:
        night = min(nights, key=lambda n: held.get(n, 0))  # the first of the least held
        held[night] = held.get(night, 0) + 1
        out[url] = night
    return out


def _rank(url: str) -> bytes:
    """A URL's place in the deal: a stable hash, the same on every run and machine."""
    return hashlib.sha256(url.encode("utf-8")).digest()


@dataclass
class PortalWeek:
    """A portal's nights of the week as its rolling re-checks are dealt: the deep-list night
    left out (when the portal has a list that is a chain), dealing from the night after
    its navigation night, and what each holds."""

    avoid: int | None
    start: int
    #: weekday → the requests dealt to it so far (the navigation night's walk counted)
    load: dict[int, int] = field(default_factory=dict)

    @classmethod
    def of(cls, nav_night: int, deep_night: int | None) -> PortalWeek:
        return cls(deep_night, (nav_night + 1) % WEEK, {nav_night: NAV_COST})

    def deal(self, urls: Iterable[str], days: int = WEEK, keep: bool = True) -> dict[str, int]:
        """The URLs' nights in a cycle of ``days``; a weekly deal counts on the week's load
        (``keep``: and adds to it), another cycle only starts where this portal does."""
        if days != WEEK:
            return spread(urls, days, self.avoid, self.start % days)
        load = self.load if keep else dict(self.load)
        return spread(urls, days, self.avoid, self.start, load)

    def deal_twice(self, urls: Iterable[str]) -> dict[str, tuple[int, int]]:
        """The URLs' two nights of the week, ``NEWEST_GAP`` apart, on the week's load: each
        URL to the pair whose busier night holds least (then the pair that holds least)."""
        firsts = sorted(range(WEEK), key=lambda n: (n - self.start) % WEEK)
        pairs = [(n, (n + NEWEST_GAP) % WEEK) for n in firsts]
        pairs = [p for p in pairs if self.avoid not in p] or pairs

        def held(pair: tuple[int, int]) -> tuple[int, int]:
            first, second = (self.load.get(night, 0) for night in pair)
            return max(first, second), first + second

        out = {}
        for url in sorted(urls, key=_rank):
            pair = out[url] = min(pairs, key=held)  # the first of the least held
            for night in pair:
                self.load[night] = self.load.get(night, 0) + 1
        return out


def is_due(
    night: int | tuple[int, ...],
    last_fetched: datetime | None,
    days: int,
    today: date,
    cycle: int | None = None,
) -> bool:
    """True when the document is to be fetched tonight.

    Never fetched: due.  Fetched today already: not due.  Otherwise due on its
    own ``night`` (or nights) of the cycle of ``cycle`` nights (``days`` unless
    said: from ``spread``, or a week's two from ``PortalWeek.deal_twice``), or
    when its last fetch is ``days`` or more nights old.
    """
    if last_fetched is None:
        return True
    if last_fetched.tzinfo is not None:
        last_fetched = last_fetched.astimezone(UTC)
    age = (today - last_fetched.date()).days
    if age <= 0:
        return False
    nights = (night,) if isinstance(night, int) else night
    return age >= days or today.toordinal() % (cycle or days) in nights
