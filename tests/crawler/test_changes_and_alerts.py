"""A portal changed between crawls raises exactly the expected alerts, and nothing else.

Between crawl 1 and 2: one report's HTML edited (one cell), one PDF replaced
under the same URL, one 更正版 posted at a new URL, one report removed (its
page answers 404), one new report, and every page's visit counter moved.
Crawl 3 changes nothing: no alert, and nearly every request ends in a 304.
Both run with ``--full`` (every known page fetched again); the nightly
schedule's own choices are tested in test_nightly_schedule.py.  The changes
are made by tests/crawler/demo_changes.py.
"""

from __future__ import annotations

import sqlite3

from nianbao.demo.server import PortalServers
from tests.conftest import Workspace
from tests.crawler.demo_changes import change_portal
from tests.crawler.night_runs import alerts


def test_alerts_follow_meaning_not_bytes(workspace: Workspace, demo_portal: PortalServers) -> None:
    server = demo_portal.servers["127.0.0.1"]
    seeds = workspace.seeds(
        [("231083", "海林市", "county", "231000", demo_portal.url("127.0.0.1", "/index.html"))]
    )
    first = workspace.run("crawl", "--seeds", str(seeds), "--format", "json")
    assert first.returncode == 0, first.stderr
    assert {k for k, _, _ in alerts(workspace, first.json()["crawl_id"])} == {"new"}

    change_portal(server.site)
    # --full: every known page again, as a crawl did before the nightly schedule
    second = workspace.run("crawl", "--seeds", str(seeds), "--format", "json", "--full")
    assert second.returncode == 0, second.stderr
    got = alerts(workspace, second.json()["crawl_id"])
    kinds = sorted((kind, who) for kind, who, _ in got)
    assert kinds == sorted(
        [
            ("revised", ("海林市人民政府", 2020)),
            ("revised", ("海林市财政局", 2020)),
            ("revised", ("海林市人民政府", 2021)),
            ("new", ("海林市林业局", 2020)),
        ]
    ), got
    details = {(kind, who): d for kind, who, d in got}
    changed = details[("revised", ("海林市人民政府", 2020))]["changed_cells"]
    assert changed == [{"cell": "proactive.licensing.decisions", "old": 22306, "new": 22360}]
    corrected = {
        c["cell"]: (c["old"], c["new"])
        for c in details[("revised", ("海林市人民政府", 2021))]["changed_cells"]
    }
    assert corrected == {"requests.new.natural_person": (5, 6), "requests.new.total": (6, 7)}

    log_before = len(server.log)
    third = workspace.run("crawl", "--seeds", str(seeds), "--format", "json", "--full")
    assert third.returncode == 0, third.stderr
    # the removed report's URL answered 404 on two crawls in a row: withdrawn now, and only that
    [(kind, who, gone)] = alerts(workspace, third.json()["crawl_id"])
    assert (kind, who) == ("withdrawn", ("海林市人民政府", 2019)), gone
    assert (
        gone["url"].endswith("t20200331_0900.html")
        and gone["last_capture"]
        and gone["answers"] == [404]
    )
    con = sqlite3.connect(workspace.db_file)
    statuses = [
        s
        for (s,) in con.execute(
            "select status from captures where crawl_id = ?", (third.json()["crawl_id"],)
        )
    ]
    sent = len(server.log) - log_before
    assert sent == len(statuses)
    not_modified = statuses.count(304)
    assert not_modified / len(statuses) >= 0.9, statuses
