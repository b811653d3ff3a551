"""The rolling schedule: every night its exact share, no document waits longer than its period."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from crawler.recheck_schedule import (
    NAV_COST,
    NEWEST_EVERY,
    WEEK,
    PortalWeek,
    is_due,
    period,
    spread,
)

URLS = [
    f"http://127.0.0.1/zwgk/xxgknb/{y}01/t{y}0101_{i}.html"
    for y in range(2010, 2023)
    for i in range(9)
]


def test_each_night_does_its_share_and_none_waits_past_its_period() -> None:
    nights = spread(URLS, WEEK)
    assert spread(list(reversed(URLS)), WEEK) == nights  # stable: the hash, not the order
    start = date(2026, 12, 1)
    last = dict.fromkeys(URLS, datetime(2026, 12, 1, 3, tzinfo=UTC))
    waited = dict.fromkeys(URLS, 0)
    per_night = []
    for k in range(1, 4 * WEEK):
        today = start + timedelta(days=k)
        due = [u for u in URLS if is_due(nights[u], last[u], WEEK, today)]
        per_night.append(len(due))
        for u in URLS:
            waited[u] = 0 if u in due else waited[u] + 1
            assert waited[u] < WEEK, (u, today)
        for u in due:
            last[u] = datetime.combine(today, datetime.min.time(), UTC)
    share = len(URLS) / WEEK
    assert all(int(share) <= n <= int(share) + 1 for n in per_night), per_night


def test_a_missed_night_is_made_up_and_a_fetch_today_is_enough() -> None:
    url, today = URLS[0], date(2026, 12, 10)
    night = spread(URLS, WEEK)[url]
    assert not is_due(night, datetime.combine(today, datetime.min.time(), UTC), WEEK, today)
    old = datetime.combine(today - timedelta(days=WEEK), datetime.min.time(), UTC)
    assert is_due(night, old, WEEK, today)  # a week old: due whatever its night
    assert is_due(night, None, WEEK, today)  # never fetched


def test_the_newest_year_more_often_look_alikes_seldom() -> None:
    assert period(2022, 2022) == NEWEST_EVERY < WEEK == period(2021, 2022) == period(None, 2022)
    assert period(None, None, is_report=False) > WEEK


def test_a_portals_deep_list_night_is_left_to_its_lists() -> None:
    """The documents are dealt round the other six nights of the week: the deep night's walk
    of every list page is the portal's longest chain already."""
    urls = [f"http://127.0.0.1/zwgk/t{i}.html" for i in range(60)]
    week = spread(urls, WEEK, avoid=3)
    shares = {n: sum(1 for v in week.values() if v == n) for n in range(WEEK)}
    assert shares[3] == 0 and set(shares.values()) == {0, 10}
    assert all(n % WEEK != 3 for n in spread(urls, 4 * WEEK, avoid=3).values())
    # the newest year's two nights of the week leave it out too
    twice = PortalWeek.of(nav_night=0, deep_night=3).deal_twice(urls[:10])
    assert all(3 not in pair for pair in twice.values())
    # and whatever the night, none waits past its period
    start = date(2026, 3, 1)
    for url, night in week.items():
        fetched = datetime(2026, 3, 1, tzinfo=UTC)
        days = [start + timedelta(days=k) for k in range(1, WEEK + 1)]
        assert any(is_due(night, fetched, WEEK, d) for d in days), url


def test_a_portals_nights_are_level_with_its_navigation_night_counted() -> None:
    """Documents, then a list's further pages, each go to the night holding least: no
    night of the portal's week is longer than another by more than one request, the
    navigation night's walk from the home page counted."""
    week = PortalWeek.of(nav_night=2, deep_night=5)
    docs = week.deal([f"http://127.0.0.1/zwgk/t{i}.html" for i in range(16)])
    pages = week.deal([f"http://127.0.0.1/zwgk/index_{i}.html" for i in range(5)], keep=False)
    assert PortalWeek.of(2, 5).deal(reversed(docs)) == docs  # the same on every night
    nights = [0] * WEEK
    for night in [*docs.values(), *pages.values()]:
        nights[night] += 1
    nights[2] += NAV_COST
    assert nights[5] == 0  # the deep-list night is left to the lists
    assert max(nights) - min(n for k, n in enumerate(nights) if k != 5) <= 1, nights


def test_the_whole_crawls_nights_are_level_too() -> None:
    """Each portal deals from the night after its own navigation night, so a country of
    small portals does not put every portal's odd documents on the same weekday."""
    totals = [0] * WEEK
    for p in range(70):
        nav = p % WEEK
        week = PortalWeek.of(nav, (nav + 3) % WEEK)
        for night in week.deal([f"http://127.0.0.{p}/t{i}.html" for i in range(4)]).values():
            totals[night] += 1
    assert max(totals) - min(totals) <= 0.2 * max(totals), totals


def test_the_newest_year_twice_a_week_levelled_with_the_rest() -> None:
    """The newest year's documents go out on two nights of each week, never more than
    NEWEST_EVERY nights apart, and the week's other documents are dealt round them: no
    night of the portal's week holds more than one request above another."""
    newest = [f"http://127.0.0.1/zwgk/202301/t{i}.html" for i in range(5)]
    older = [f"http://127.0.0.1/zwgk/2021{i:02}/t{i}.html" for i in range(9)]
    week = PortalWeek.of(nav_night=2, deep_night=None)
    pairs = week.deal_twice(newest)
    assert PortalWeek.of(2, None).deal_twice(reversed(newest)) == pairs  # stable
    singles = week.deal(older)
    nights = [0] * WEEK
    for night in [n for pair in pairs.values() for n in pair] + list(singles.values()):
        nights[night] += 1
    nights[2] += NAV_COST
    assert max(nights) - min(nights) <= 1, nights
    # fetched on each of its nights, a newest report never waits NEWEST_EVERY nights
    start = date(2026, 12, 1)
    for url, pair in pairs.items():
        last, waited = datetime(2026, 12, 1, 3, tzinfo=UTC), 0
        for k in range(1, 3 * WEEK):
            today = start + timedelta(days=k)
            if is_due(pair, last, NEWEST_EVERY, today, WEEK):
                assert today.toordinal() % WEEK in pair, url  # on its nights, none missed
                last, waited = datetime.combine(today, datetime.min.time(), UTC), 0
            else:
                waited += 1
            assert waited < NEWEST_EVERY, (url, today)
