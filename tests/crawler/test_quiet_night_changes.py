"""A quiet night reads little, yet misses nothing: moves, new reports and withdrawals.

After night 1 has walked the TRS portal, quiet nights start at its column.
A column moved to a new URL is found again from the home page that same
night; a new report on page 1 is alerted at once; a report taken off a deep
page (its URL now 404) is ``withdrawn`` within the schedule's bound (its
week, and the night after that confirms it), and no report is ever called
unlisted or withdrawn on a night that merely did not read the page it is
listed on.  The schedule's clock is ``NIANBAO_SCHEDULE_DATE``.
"""

from __future__ import annotations

from datetime import date, timedelta

from crawler.recheck_schedule import WEEK
from nianbao.demo.server import PortalServers
from tests.conftest import Workspace
from tests.crawler.night_runs import D0, alerts, move_counters, night
from tests.crawler.quiet_nights import (
    CODE,
    COLUMN,
    NAV,
    make_portal,
    paths,
    quiet_days,
    seeds_for,
    statuses,
)
from tests.portals import page, report_text


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
