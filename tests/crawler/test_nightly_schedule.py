"""The nightly crawl fetches the lists and only the known documents that are due or changed.

Night 1 archives a portal; a quiet night 2 (nothing changed but every page's
visit counter) makes at most a fifth of night 1's requests, as the portal's
server counted them, and raises no alert.  On the demo portal, a night after a
revision in place, a 更正版 at a new URL, a new report and a removed one alerts
the new, corrected and removed ones at once and the revision on the night it
falls due (the schedule's clock moved by ``NIANBAO_SCHEDULE_DATE``), never an
``unlisted`` or ``withdrawn`` for a report the schedule merely skipped.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from sqlalchemy import text

from crawler.recheck_schedule import WEEK
from nianbao.demo.server import PortalServers
from tests.conftest import Workspace
from tests.crawler.demo_changes import PDF, R2019, R2020, change_portal
from tests.crawler.night_runs import D0, alerts, move_counters, night
from tests.portals.plain import trs_portal

DEPARTMENTS = ("财政局", "教育局", "民政局", "卫健委", "交通局", "水务局", "林业局", "住建局")
DEPARTMENTS += ("司法局", "审计局", "商务局", "文旅局")


def test_a_quiet_night_costs_a_fifth_of_the_first(workspace: Workspace) -> None:
    # a county portal's 年报 column as they are: 15 years of the government's and its
    # departments' reports, 30 to a list page
    portal = trs_portal(
        "231083", "海林市", years=range(2008, 2023), per=30, departments=DEPARTMENTS, decoys=1
    )
    move_counters(portal.site, 1)
    with PortalServers({"127.0.0.1": portal.site}) as servers:
        seeds = workspace.seeds(
            [("231083", "海林市", "county", "231000", servers.url("127.0.0.1", "/index.html"))]
        )
        server = servers.servers["127.0.0.1"]
        first = night(workspace, str(seeds), D0)
        night1 = len(server.log)
        assert first["totals"]["reports"] == len(portal.reports)
        move_counters(portal.site, 2)
        second = night(workspace, str(seeds), D0 + timedelta(days=1))
        night2 = len(server.log) - night1
    assert night2 <= 0.2 * night1, (night1, night2, second["totals"])
    assert alerts(workspace, second["crawl_id"]) == []
    site, totals = second["sites"]["231083"], second["totals"]
    assert site["skipped_known"] == totals["skipped_known"] > 0.7 * first["totals"]["pages"]
    assert site["due_known"] == totals["due_known"] > 0 and totals["changed_entries"] == 0
    assert not site["failures"]
    # the crawl's own count of what it fetched says the same as the server
    assert second["totals"]["pages"] <= night2


def due_nights(ws: Workspace, url: str, after: date) -> list[date]:
    """The nights of the coming week on which the schedule fetches ``url`` again."""
    from archive.db import open_database
    from crawler.nightly import KnownPages

    sessions = open_database(ws.env["NIANBAO_DB"])
    with sessions() as session:
        portal_ids = [i for (i,) in session.execute(text("select id from portals"))]
    known = KnownPages.read(sessions, portal_ids)
    days = [after + timedelta(days=k) for k in range(1, WEEK + 1)]
    return [d for d in days if known.due(url, d)]


def kinds_of(ws: Workspace, summary: dict) -> list[tuple[str, tuple[str, int]]]:  # type: ignore[type-arg]
    return sorted((kind, who) for kind, who, _ in alerts(ws, summary["crawl_id"]))


def test_changes_alerted_within_the_schedule(
    workspace: Workspace, demo_portal: PortalServers
) -> None:
    server = demo_portal.servers["127.0.0.1"]
    home = demo_portal.url("127.0.0.1", "/index.html")
    seeds = str(workspace.seeds([("231083", "海林市", "county", "231000", home)]))
    night(workspace, seeds, D0)
    report, pdf = demo_portal.url("127.0.0.1", R2020), demo_portal.url("127.0.0.1", PDF)
    # a night on which the page revised in place is not due (there are six in a week)
    quiet = next(
        d
        for d in (D0 + timedelta(days=k) for k in range(1, WEEK))
        if d not in due_nights(workspace, report, D0)
    )
    pdf_tonight = quiet in due_nights(workspace, pdf, D0)

    change_portal(server.site)
    tonight = night(workspace, seeds, quiet)
    expected = [
        ("new", ("海林市林业局", 2020)),  # a new report on the list
        ("revised", ("海林市人民政府", 2021)),  # its 更正版 at a new URL
    ]
    if pdf_tonight:  # the PDF replaced in place, when it is due tonight
        expected.append(("revised", ("海林市财政局", 2020)))
    assert kinds_of(workspace, tonight) == sorted(expected), alerts(workspace, tonight["crawl_id"])
    assert tonight["totals"]["skipped_known"] > 0
    # the removed report's page answered 404 (gone once); what was skipped stays present
    con = sqlite3.connect(workspace.db_file)
    statuses = sorted(s for (s,) in con.execute("select status from reports"))
    assert statuses.count("gone") == 1 and set(statuses) == {"gone", "present"}, statuses

    # the revision in place is caught on the night it falls due, within the week
    due = due_nights(workspace, report, quiet)[0]
    assert due <= D0 + timedelta(days=WEEK)
    summary = night(workspace, seeds, due)
    expected = [
        ("revised", ("海林市人民政府", 2020)),  # caught on the night it fell due
        ("withdrawn", ("海林市人民政府", 2019)),  # gone on two crawls in a row
    ]
    pdf_caught = pdf_tonight
    if not pdf_caught and due in due_nights(workspace, pdf, quiet):
        expected.append(("revised", ("海林市财政局", 2020)))
        pdf_caught = True
    got = alerts(workspace, summary["crawl_id"])
    assert kinds_of(workspace, summary) == sorted(expected), got
    withdrawn = next(d for k, _, d in got if k == "withdrawn")
    assert withdrawn["url"].endswith(R2019) and withdrawn["answers"] == [404]

    if not pdf_caught:  # the replaced PDF: on its own night, within the week
        pdf_night = due_nights(workspace, pdf, due)[0]
        assert pdf_night <= D0 + timedelta(days=WEEK)
        last = night(workspace, seeds, pdf_night)
        assert kinds_of(workspace, last) == [("revised", ("海林市财政局", 2020))]


def test_a_changed_list_entry_is_fetched_at_once(
    workspace: Workspace, demo_portal: PortalServers
) -> None:
    """A report revised in place whose list entry says so (a new date) is not left for its night."""
    from nianbao.demo.report_cells import report_2020
    from nianbao.demo.report_html import report_body
    from nianbao.demo.site import add_article

    site = demo_portal.servers["127.0.0.1"].site
    home = demo_portal.url("127.0.0.1", "/index.html")
    seeds = str(workspace.seeds([("231083", "海林市", "county", "231000", home)]))
    night(workspace, seeds, D0)
    report = demo_portal.url("127.0.0.1", R2020)
    week = [D0 + timedelta(days=k) for k in range(1, WEEK)]
    quiet = next(d for d in week if d not in due_nights(workspace, report, D0))

    cells = report_2020()
    cells["proactive.licensing.decisions"] = 22360
    title = "海林市2020年度政府信息公开工作年度报告"
    body = report_body("海林市人民政府", 2020, "2019", cells)
    add_article(site, R2020, title, "2021-03-05", body)
    ctype, listing = site.files["/zwgk/xxgknb/index.html"]
    entry = b't20210201_1001.html" title="' + title.encode()
    start = listing.index(entry)
    dated = listing[start:].replace(b"<span>2021-02-01</span>", b"<span>2021-03-05</span>", 1)
    site.files["/zwgk/xxgknb/index.html"] = (ctype, listing[:start] + dated)

    tonight = night(workspace, seeds, quiet)
    assert kinds_of(workspace, tonight) == [("revised", ("海林市人民政府", 2020))]
    assert tonight["totals"]["changed_entries"] == 1, tonight["totals"]
