"""A portal changed between crawls raises exactly the expected alerts, and nothing else.

Between crawl 1 and 2: one report's HTML edited (one cell), one PDF replaced
under the same URL, one 更正版 posted at a new URL, one report removed (its
page answers 404), one new report, and every page's visit counter moved.
Crawl 3 changes nothing: no alert, and nearly every request ends in a 304.
Both run with ``--full`` (every known page fetched again); the nightly
schedule's own choices are tested in test_nightly_schedule.py.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from nianbao.demo.report_cells import report_2020, report_2021
from nianbao.demo.report_html import report_body
from nianbao.demo.server import PortalServers
from nianbao.demo.site import Site, add_article, attachment_pdf
from tests.conftest import Workspace

BASE = "/zwgk/xxgknb"
R2020 = f"{BASE}/202102/t20210201_1001.html"
R2019 = f"{BASE}/202003/t20200331_0900.html"
PDF = f"{BASE}/202101/P020210120_caizheng.pdf"
CORRECTED = f"{BASE}/202203/t20220310_1003.html"
NEW = f"{BASE}/202101/t20210125_0995.html"


def replace(site: Site, path: str, old: bytes, new: bytes) -> None:
    ctype, data = site.files[path]
    assert old in data, (path, old)
    site.files[path] = (ctype, data.replace(old, new))


def change_portal(site: Site) -> None:
    cells = report_2020()
    cells["proactive.licensing.decisions"] = 22360
    add_article(
        site,
        R2020,
        "海林市2020年度政府信息公开工作年度报告",
        "2021-02-01",
        report_body("海林市人民政府", 2020, "2019", cells),
    )
    site.files[PDF] = (
        "application/pdf",
        attachment_pdf(
            "海林市财政局2020年政府信息公开工作年度报告（修订）",
            ["一、总体情况", "2020年，海林市财政局收到政府信息公开申请2件，均予以公开。"],
        ),
    )
    corrected = report_2021()
    corrected["requests.new.natural_person"] = 6
    corrected["requests.new.total"] = 7
    add_article(
        site,
        CORRECTED,
        "海林市2021年政府信息公开工作年度报告（更正版）",
        "2022-03-10",
        report_body("海林市人民政府", 2021, "2021", corrected),
    )
    add_article(
        site,
        NEW,
        "海林市林业局2020年政府信息公开工作年度报告",
        "2021-01-25",
        report_body("海林市林业局", 2020, "2019", report_2020()),
    )
    del site.files[R2019]
    _, listing = site.files[f"{BASE}/index.html"]
    start = listing.index(b'<li><a href="./202003/t20200331_0900.html"')
    end = listing.index(b"</li>", start) + len(b"</li>")
    site.files[f"{BASE}/index.html"] = ("text/html; charset=utf-8", listing[:start] + listing[end:])
    replace(
        site,
        f"{BASE}/index.html",
        b'<ul class="list">\n',
        '<ul class="list">\n<li><a href="./202203/t20220310_1003.html">'
        "海林市2021年政府信息公开工作年度报告（更正版）</a></li>\n"
        '<li><a href="./202101/t20210125_0995.html">'
        "海林市林业局2020年政府信息公开工作年度报告</a></li>\n".encode(),
    )
    for path, (ctype, data) in list(site.files.items()):
        if ctype.startswith("text/html"):
            site.files[path] = (ctype, data.replace(b"<span>128</span>", b"<span>129</span>"))


def alerts(ws: Workspace, crawl_id: int) -> list[tuple[str, Any]]:
    con = sqlite3.connect(ws.db_file)
    rows = con.execute(
        "select a.kind, o.name, r.year, a.details from alerts a join reports r on r.id = a.report_id"
        " join organs o on o.id = r.organ_id where a.crawl_id = ? order by a.id",
        (crawl_id,),
    ).fetchall()
    import json

    return [
        (kind, (organ, year), json.loads(details or "{}")) for kind, organ, year, details in rows
    ]


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
