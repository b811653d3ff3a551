"""When a known report page or attachment is due to be fetched again: the rolling schedule.

Real portals answer few conditional requests (visit counters on every page), so
re-fetching every known document every night costs the whole first crawl again.
Lists are fetched nightly (new reports and 更正版 appear there); a known document
is fetched again on its own night of a rolling week: ranked by a stable hash of
their URLs, a portal's known documents are dealt round the nights of the week but
its deep-list night (crawler/night_walk.py), as are the further pages of its lists
that are fans (crawler/list_deals.py), so each of those nights does a sixth of them,
and one of the portal's newest year (still being corrected) one night in
``NEWEST_EVERY``.
A document whose last fetch is older than its period is due whatever its night
(a night was missed), so none waits longer than its period.  A page the
list links that held no report (a look-alike: 图文解读, 统计公报) is known too:
it is fetched again every ``NOT_A_REPORT_EVERY`` nights, or when its entry changes.  A changed list entry
is fetched at once; that rule lives with the crawl component (crawler/nightly.py).

The schedule's clock is the UTC date, or ``NIANBAO_SCHEDULE_DATE`` (YYYY-MM-DD)
when set: tests advance it to the night a document becomes due.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from datetime import UTC, date, datetime

#: every known document is fetched again at least this often (days)
WEEK = 7
#: a report of the portal's newest year is fetched again this often (days)
NEWEST_EVERY = 3
#: a known page that held no report (a look-alike the list links) is fetched again this often
NOT_A_REPORT_EVERY = 28
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


def spread(urls: Iterable[str], days: int, avoid: int | None = None) -> dict[str, int]:
    """Each URL's night in a cycle of ``days`` nights.

    The URLs are ranked by a stable hash (the same on every run and machine) and
    dealt round the nights, so that each night has its exact share, not a
    random one: a portal's night costs the same every night.  A cycle of whole
    weeks leaves out the weekday ``avoid``: the portal's deep-list night, whose
    walk of its chained lists is already the longest chain of the portal's week
    (a night lasts as long as its longest chain of one host's polite requests).
    """
    nights = list(range(days))
    if avoid is not None and days % WEEK == 0:
        nights = [n for n in nights if n % WEEK != avoid]
    ranked = sorted(urls, key=lambda url: hashlib.sha256(url.encode("utf-8")).digest())
    return {url: nights[rank % len(nights)] for rank, url in enumerate(ranked)}


def is_due(night: int, last_fetched: datetime | None, days: int, today: date) -> bool:
    """True when the document is to be fetched tonight.

    Never fetched: due.  Fetched today already: not due.  Otherwise due on its
    own ``night`` of the cycle (from ``spread``), or when its last fetch is ``days`` or more nights old.
    """
    if last_fetched is None:
        return True
    if last_fetched.tzinfo is not None:
        last_fetched = last_fetched.astimezone(UTC)
    age = (today - last_fetched.date()).days
    if age <= 0:
        return False
    return age >= days or today.toordinal() % days == night
