"""A quiet night starts at the known 年报 lists and reads only their first pages, yet misses nothing.

Night 1 walks a TRS portal (home → 政务公开 → 年报 column, five list pages).
On a later night that is not the portal's own night of the week
(crawler/night_walk.py) the walk starts at the column it found, reads page 1
only while its entries are all known, and raises no alert.  A column moved to
a new URL is found again from the home page that same night; a new report on
page 1 is alerted at once; a report taken off a deep page (its URL now 404) is
``withdrawn`` within the schedule's bound (its week, and the night after that
confirms it), and no report is ever called unlisted or withdrawn on a night
that merely did not read the page it is listed on.  The schedule's clock is
``NIANBAO_SCHEDULE_DATE``.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from crawler.night_walk import deep_night, portal_night
from crawler.recheck_schedule import WEEK
from nianbao.demo.server import PortalServers
from tests.conftest import Workspace
from tests.crawler.test_changes_and_alerts import alerts
from tests.crawler.test_nightly_schedule import D0, move_counters, night
from tests.portals import Portal, page, report_text
from tests.portals.plain import trs_portal

CODE = "231083"
COLUMN = "/zwgk/xxgknb/"
NAV = ("/index.html", "/zwgk/index.html")


def make_portal() -> Portal:
    # 6 years of the government's and two departments' reports, 6 to a list page: 5 pages
    portal = trs_portal(CODE, "海林市", years=range(2017, 2023), per=6, decoys=1)
    move_counters(portal.site, 1)
    return portal


def quiet_days(after: date, count: int) -> list[date]:
    """The next nights that are neither of the portal's own nights of the week."""
    days = (after + timedelta(days=k) for k in range(1, 3 * WEEK))
    own = (portal_night(CODE), deep_night(CODE))
    return [d for d in days if d.toordinal() % WEEK not in own][:count]


def own_night(after: date, night: int) -> date:
    """The first night after ``after`` that is the portal's ``night`` of the week."""
    return next(
        after + timedelta(days=k)
        for k in range(1, WEEK + 1)
        if (after + timedelta(days=k)).toordinal() % WEEK == night
    )


def seeds_for(ws: Workspace, servers: PortalServers) -> str:
    url = servers.url("127.0.0.1", "/index.html")
    return str(ws.seeds([(CODE, "海林市", "county", "231000", url)]))


def paths(log: list[str]) -> list[str]:
    return [line.split(" ", 1)[1] for line in log]


def statuses(ws: Workspace) -> list[str]:
    con = sqlite3.connect(ws.db_file)
    return sorted({s for (s,) in con.execute("select status from reports")})


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


def test_a_moved_column_is_found_again_the_same_night(workspace: Workspace) -> None:
    portal = make_portal()
    files = portal.site.files
    with PortalServers({"127.0.0.1": portal.site}) as servers:
        seeds = seeds_for(workspace, servers)
        night(workspace, seeds, D0)
        # the column moves to /zwgk/ndbg/ (its reports stay where they are)
        for path in [p for p in files if p.startswith(COLUMN + "index")]:
            ctype, body = files.pop(path)
            moved = body.replace(b'href="./', f'href="{COLUMN}'.encode())
            files[path.replace(COLUMN, "/zwgk/ndbg/")] = (ctype, moved)
        files["/zwgk/index.html"] = (
            files["/zwgk/index.html"][0],
            page("政务公开", '<a href="/zwgk/ndbg/index.html">政府信息公开年报</a>'),
        )
        log = servers.servers["127.0.0.1"].log
        before = len(log)
        day2, day3 = quiet_days(D0, 2)
        moved_night = night(workspace, seeds, day2)
        tonight = paths(log[before:])
        before = len(log)
        after = night(workspace, seeds, day3)
        third = paths(log[before:])
    site = moved_night["sites"][CODE]
    assert site["lists_moved"] == 1 and not site["failures"], site
    assert "/zwgk/ndbg/index_4.html" in tonight, tonight  # the new column, walked whole
    assert alerts(workspace, moved_night["crawl_id"]) == []
    assert statuses(workspace) == ["present"]
    # the next night starts at the new column
    assert after["sites"][CODE]["started_at_lists"] == 1
    assert after["sites"][CODE]["lists_moved"] == 0
    assert "/zwgk/ndbg/index.html" in third and not set(NAV) & set(third), third
    assert alerts(workspace, after["crawl_id"]) == []


def test_a_new_report_on_page_one_is_alerted_at_once(workspace: Workspace) -> None:
    portal = make_portal()
    files = portal.site.files
    with PortalServers({"127.0.0.1": portal.site}) as servers:
        seeds = seeds_for(workspace, servers)
        night(workspace, seeds, D0)
        title = "海林市水务局2022年政府信息公开工作年度报告"
        body = f'<div class="TRS_Editor">{report_text("海林市水务局", 2022)}</div>'
        files[f"{COLUMN}202302/t20230210_999.html"] = (
            files[f"{COLUMN}index.html"][0],
            page(title, body, head=f'<meta name="ArticleTitle" content="{title}">'),
        )
        ctype, listing = files[f"{COLUMN}index.html"]
        entry = f'<li><a href="./202302/t20230210_999.html" title="{title}">{title}</a></li>'
        files[f"{COLUMN}index.html"] = (
            ctype,
            listing.replace(b'<ul class="list">', b'<ul class="list">' + entry.encode(), 1),
        )
        tonight = night(workspace, seeds, quiet_days(D0, 1)[0])
    got = [(kind, who) for kind, who, _ in alerts(workspace, tonight["crawl_id"])]
    assert got == [("new", ("海林市水务局", 2022))], got
    assert tonight["sites"][CODE]["started_at_lists"] == 1
    assert statuses(workspace) == ["present"]


def test_a_report_taken_off_a_deep_page_is_withdrawn_within_the_bound(
    workspace: Workspace,
) -> None:
    portal = make_portal()
    files = portal.site.files
    with PortalServers({"127.0.0.1": portal.site}) as servers:
        seeds = seeds_for(workspace, servers)
        night(workspace, seeds, D0)
        # a report on the fourth list page is taken down: off its list, its URL 404
        deep = f"{COLUMN}index_3.html"
        ctype, listing = files[deep]
        on_page = [p for p in portal.reports if "0103_3" in p]
        gone = next(p for p in on_page if int(p.rsplit("_", 1)[1][:3]) % 3 != 1)  # no PDF
        href = "./" + gone[len(COLUMN) :]
        start = listing.index(f'<li><a href="{href}"'.encode())
        end = listing.index(b"</li>", start) + len(b"</li>")
        files[deep] = (ctype, listing[:start] + listing[end:])
        del files[gone]
        seen: list[tuple[date, list[tuple[str, tuple[str, int]]]]] = []
        for k in range(1, WEEK + 2):  # the week, and the night that confirms it
            day = D0 + timedelta(days=k)
            move_counters(portal.site, k + 1)
            summary = night(workspace, seeds, day)
            seen.append(
                (day, [(kind, who) for kind, who, _ in alerts(workspace, summary["crawl_id"])])
            )
            if any(kind == "withdrawn" for _, got in seen for kind, _ in got):
                break
    organ, year = portal.reports[gone]
    raised = [(day, got) for day, got in seen if got]
    assert raised and raised[-1][1] == [("withdrawn", (organ, year))], seen
    assert len(raised) == 1, seen  # nothing else, no unlisted on a night that skipped page 4
    assert statuses(workspace) == ["present", "withdrawn"]


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
