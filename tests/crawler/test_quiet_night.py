"""A quiet night starts at the known 年报 lists and reads only their first pages.

Night 1 walks a TRS portal (home → 政务公开 → 年报 column, five list pages).
On a later night that is not the portal's own night of the week
(crawler/night_walk.py) the walk starts at the column it found, reads page 1
only while its entries are all known, and raises no alert; on the portal's
navigation night it walks from the home page again, fetching the column
once, even when the portal is seeded at its column.  Reports due to be
probed are probed once their own portal's walk is over, not a slower
portal's, and while the portal's own documents still wait to be parsed.
What a quiet night must still catch (a moved column, a new or withdrawn
report) is in ``test_quiet_night_changes``.  The schedule's clock is
``NIANBAO_SCHEDULE_DATE``.
"""

from __future__ import annotations

import time
from pathlib import Path

from crawler.night_walk import deep_night, portal_night
from nianbao.demo.server import PortalServers
from tests.conftest import Workspace
from tests.crawler.held_documents import HOLD_SECONDS
from tests.crawler.night_runs import D0, alerts, move_counters, night, night_run
from tests.crawler.quiet_nights import (
    CODE,
    COLUMN,
    NAV,
    make_portal,
    own_night,
    paths,
    quiet_days,
    seeds_for,
    statuses,
)
from tests.portals.plain import trs_portal

ROOT = Path(__file__).resolve().parents[2]


def test_a_quiet_night_starts_at_the_column_and_reads_its_first_page(
    workspace: Workspace,
) -> None:
    portal = make_portal()
    with PortalServers({"127.0.0.1": portal.site}) as servers:
        seeds = seeds_for(workspace, servers)
        log = servers.servers["127.0.0.1"].log
        first = night(workspace, seeds, D0)
        night1 = len(log)
        assert first["totals"]["reports"] == len(portal.reports)
        assert set(NAV) <= set(paths(log)) and f"{COLUMN}index_4.html" in paths(log)

        move_counters(portal.site, 2)
        quiet = quiet_days(D0, 1)[0]
        second = night(workspace, seeds, quiet)
        tonight = paths(log[night1:])
        night2 = len(tonight)

        # the portal's navigation night: the walk from its home page again; its deep-list
        # night, half a week from it (a chain of list pages would be walked whole then)
        move_counters(portal.site, 3)
        nav_night = own_night(quiet, portal_night(CODE))
        whole = night(workspace, seeds, nav_night)
        walked = paths(log[night1 + night2 :])
        move_counters(portal.site, 4)
        before = len(log)
        deep = night(workspace, seeds, own_night(nav_night, deep_night(CODE)))
        deep_walked = paths(log[before:])
    site = second["sites"][CODE]
    assert site["started_at_lists"] == 1 and site["lists_moved"] == 0, site
    assert not set(NAV) & set(tonight), tonight
    assert f"{COLUMN}index.html" in tonight
    # its four further pages are dealt round the week (tests/crawler/test_list_deals.py)
    assert len([p for p in tonight if p.startswith(f"{COLUMN}index_")]) <= 1, tonight
    assert site["skipped_lists"] >= 3 and site["skipped_known"] > 0  # 4, one due at most
    assert night2 <= 0.25 * night1, (night1, tonight)
    assert alerts(workspace, second["crawl_id"]) == []
    assert statuses(workspace) == ["present"]
    assert whole["sites"][CODE]["started_at_lists"] == 0
    assert set(NAV) <= set(walked), walked
    # the column starts beside the walk, which finds it again without fetching it twice
    assert set(walked[:2]) == {NAV[0], f"{COLUMN}index.html"}, walked  # either first
    assert walked.count(f"{COLUMN}index.html") == 1, walked
    assert alerts(workspace, whole["crawl_id"]) == []
    assert deep["sites"][CODE]["started_at_lists"] == 1
    assert not set(NAV) & set(deep_walked)
    assert deep_walked.count(f"{COLUMN}index.html") == 1, deep_walked  # page 4 links page 1
    assert alerts(workspace, deep["crawl_id"]) == []


def test_known_reports_are_probed_once_their_own_portal_is_walked(
    workspace: Workspace,
) -> None:
    # a quiet night for the TRS portal on 127.0.0.1 (its deep pages held back, so the
    # reports due tonight on them are probed), while a slow portal on 127.0.0.2 is walked
    # for the first time: the probes go out when the first portal's walk is over, not
    # when the slow one's is
    portal = make_portal()
    slow = trs_portal("231084", "宁安市", years=range(2019, 2023), per=4)
    slow.site.delay = 0.6
    sites = {"127.0.0.1": portal.site, "127.0.0.2": slow.site}
    with PortalServers(sites) as servers:
        seeds = seeds_for(workspace, servers)
        night(workspace, seeds, D0)
        move_counters(portal.site, 2)
        both = str(
            workspace.seeds(
                [
                    (CODE, "海林市", "county", "231000", servers.url("127.0.0.1", "/index.html")),
                    (
                        "231084",
                        "宁安市",
                        "county",
                        "231000",
                        servers.url("127.0.0.2", "/index.html"),
                    ),
                ]
            )
        )
        quick, lagging = servers.servers["127.0.0.1"], servers.servers["127.0.0.2"]
        before = len(quick.log)
        summary = night(workspace, both, quiet_days(D0, 1)[0])
    tonight = list(zip(paths(quick.log[before:]), quick.answered_at[before:], strict=True))
    on_page_one = portal.site.files[f"{COLUMN}index.html"][1].decode()
    probed = [
        (path, at)
        for path, at in tonight
        if path in portal.reports and "./" + path[len(COLUMN) :] not in on_page_one
    ]
    assert summary["sites"][CODE]["skipped_lists"] >= 3, summary["sites"][CODE]
    assert probed, tonight  # reports due tonight that only the deep pages link
    assert summary["sites"]["231084"]["reports"] == len(slow.reports)
    assert max(at for _, at in probed) < lagging.answered_at[-1] - 1.0, (probed, lagging.log)
    raised = {(kind, who[0][:3]) for kind, who, _ in alerts(workspace, summary["crawl_id"])}
    assert raised == {("new", "宁安市")}, raised  # the first night of the slow portal only


def test_re_checks_go_out_while_the_portals_documents_wait_to_be_parsed(
    workspace: Workspace,
) -> None:
    # every document of the quiet night waits in a pipeline until a re-check has gone
    # out: the walk of the portal is over once its pages are read and what they led to is
    # scheduled, not once its documents are parsed and stored
    portal = make_portal()
    held = {
        "ITEM_PIPELINES": {
            "tests.crawler.held_documents.HoldDocumentsUntilRecheck": 100,
            "crawler.pipelines.DocumentPipeline": 300,
        }
    }
    with PortalServers({"127.0.0.1": portal.site}) as servers:
        seeds = seeds_for(workspace, servers)
        night(workspace, seeds, D0)
        move_counters(portal.site, 2)
        log = servers.servers["127.0.0.1"].log
        before = len(log)
        workspace.env["PYTHONPATH"] = str(ROOT)  # the test's pipeline, in the crawl process
        started = time.monotonic()
        summary = night_run(workspace, seeds, quiet_days(D0, 1)[0], scrapy=held).json()
        took = time.monotonic() - started
        tonight = paths(log[before:])
    assert took < HOLD_SECONDS, took  # the documents were let go by the re-check, not the clock
    site = summary["sites"][CODE]
    assert site["skipped_lists"] >= 3 and site["due_known"] > 0, site
    on_page_one = portal.site.files[f"{COLUMN}index.html"][1].decode()
    probed = [
        p for p in tonight if p in portal.reports and "./" + p[len(COLUMN) :] not in on_page_one
    ]
    assert probed, tonight
    assert alerts(workspace, summary["crawl_id"]) == []


def test_a_portal_seeded_at_its_column_fetches_it_once_on_its_navigation_night(
    workspace: Workspace,
) -> None:
    """The kept page is the walk's own start: beside it, a duplicate the filter drops."""
    portal = make_portal()
    with PortalServers({"127.0.0.1": portal.site}) as servers:
        url = servers.url("127.0.0.1", f"{COLUMN}index.html")
        seeds = str(workspace.seeds([(CODE, "海林市", "county", "231000", url)]))
        first = night(workspace, seeds, D0)
        assert first["totals"]["reports"] == len(portal.reports)
        log = servers.servers["127.0.0.1"].log
        before = len(log)
        move_counters(portal.site, 2)
        nav = night(workspace, seeds, own_night(D0, portal_night(CODE)))
        tonight = paths(log[before:])
    assert nav["sites"][CODE]["started_at_lists"] == 0
    assert tonight.count(f"{COLUMN}index.html") == 1, tonight
    assert alerts(workspace, nav["crawl_id"]) == []
