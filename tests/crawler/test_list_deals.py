"""A list's further pages come round once a week: a fan's dealt a share a night, a chain's
walked whole on the portal's deep-list night (crawler/list_deals.py).

A TRS column whose pager script names all five pages is a fan: after the first
night, each of its four further pages is fetched on one quiet night of the next
week and no night fetches more than one, so no night is as long as the first
for this portal.  The same column with only "下一页" links is a chain: its
further pages are fetched together, on the portal's deep-list night, and not on
the other nights; only such a portal keeps its deep night free of other re-checks.  Neither raises an alert on a week where nothing changed.
"""

from __future__ import annotations

import re
from datetime import timedelta

from crawler.night_walk import deep_night, has_chain, portal_week
from crawler.recheck_schedule import WEEK
from nianbao.demo.server import PortalServers
from tests.conftest import Workspace
from tests.crawler.night_runs import D0, alerts, move_counters, night
from tests.crawler.quiet_nights import CODE, COLUMN, make_portal, paths, seeds_for, statuses
from tests.portals import Portal

FURTHER = [f"{COLUMN}index_{n}.html" for n in range(1, 5)]
_PAGER = re.compile(rb'<div id="page_div"></div><script>.*?</script>', re.S)


def a_week(ws: Workspace, portal: Portal) -> dict[int, list[str]]:
    """Night 1, then the seven nights after it: night → the further list pages fetched."""
    fetched = {}
    with PortalServers({"127.0.0.1": portal.site}) as servers:
        seeds = seeds_for(ws, servers)
        log = servers.servers["127.0.0.1"].log
        first = night(ws, seeds, D0)
        assert set(FURTHER) <= set(paths(log)), paths(log)
        assert first["totals"]["reports"] == len(portal.reports)
        for k in range(1, WEEK + 1):
            move_counters(portal.site, k + 1)
            before = len(log)
            summary = night(ws, seeds, D0 + timedelta(days=k))
            fetched[k] = [p for p in paths(log[before:]) if p in FURTHER]
            assert alerts(ws, summary["crawl_id"]) == [], (k, summary["sites"][CODE])
    assert statuses(ws) == ["present"]
    return fetched


def deep(fetched: dict[int, list[str]]) -> int:
    """The night of the week after night 1 that is the portal's deep-list night."""
    return next(
        k for k in fetched if (D0 + timedelta(days=k)).toordinal() % WEEK == deep_night(CODE)
    )


# (the captures' own times are the machine's, not the schedule's: on the seventh night
# after the first, everything fetched on the first is a week old, so due whatever its night)


def test_a_fan_lists_further_pages_are_dealt_round_the_week(workspace: Workspace) -> None:
    fetched = a_week(workspace, make_portal())
    assert sorted(set(p for got in fetched.values() for p in got)) == FURTHER, fetched
    assert max(len(fetched[k]) for k in range(1, WEEK)) <= 1, fetched


def test_only_a_portal_with_a_chain_keeps_its_deep_night_for_it() -> None:
    """A portal whose kept lists are all fans (a list of one page is one) has its documents
    dealt round all seven nights; one list not known to be a fan keeps the deep night free."""
    column = "http://127.0.0.1/zwgk/xxgknb/index.html"
    shell, call = "http://127.0.0.1/xxgk/ndbg/index.html", "http://127.0.0.1/api/list?page=1"
    fans = {"pages": [[column, "column"]], "fans": [column]}
    calls = {"pages": [[call, "list", {"jsonapi_from": shell}]], "fans": [shell]}
    chain = {
        "pages": [[column, "column"], [call, "list", {"jsonapi_from": shell}]],
        "fans": [shell],
    }
    assert not has_chain(fans) and not has_chain(calls)
    assert has_chain(chain) and has_chain(None) and has_chain({"pages": [], "fans": []})
    urls = [f"http://127.0.0.1/zwgk/t{i}.html" for i in range(70)]
    assert len(set(portal_week(CODE, fans).deal(urls).values())) == WEEK
    nights = set(portal_week(CODE, chain).deal(urls).values())
    assert len(nights) == WEEK - 1 and deep_night(CODE) not in nights


def test_a_chained_list_is_walked_whole_on_its_deep_night(workspace: Workspace) -> None:
    portal = make_portal()
    for n, path in enumerate([f"{COLUMN}index.html", *FURTHER]):
        ctype, body = portal.site.files[path]
        nxt = f'<a href="index_{n + 1}.html">下一页</a>' if n < len(FURTHER) else ""
        assert _PAGER.search(body), path
        portal.site.files[path] = (ctype, _PAGER.sub(nxt.encode(), body))
    fetched = a_week(workspace, portal)
    assert sorted(fetched[deep(fetched)]) == FURTHER, fetched
    assert not [got for k, got in fetched.items() if got and k not in (deep(fetched), WEEK)]
