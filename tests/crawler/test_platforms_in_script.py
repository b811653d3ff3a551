"""Portals whose lists and articles live in their scripts, crawled through the real CLI.

A Guangdong gkmlpt portal (category tree and site id in ``window._CONFIG``,
lists from ``/gkmlpt/api/all/<catid>``, articles in
``window._CONFIG.DETAIL``) and a portal whose menus are script data and
whose 年报 lists are loaded by POST (a form answered with JSON, a JSON body
answered with HTML) are read without a browser: every report is found with
its organ and year, no look-alike is taken, the gkmlpt tables are parsed
from the DETAIL JSON, and a 更正版 posted later at a new URL raises exactly
one ``revised`` alert with the cells that changed.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from nianbao.demo.server import PortalServers
from tests.conftest import Workspace
from tests.crawler.platform_crawls import assert_found_exactly, crawl_portals, seed_rows
from tests.portals import Portal
from tests.portals.gkmlpt import STATS_CAT, gkmlpt_portal, post_correction
from tests.portals.posted import posted_portal


def portals() -> dict[str, Portal]:
    return {
        "127.0.0.31": gkmlpt_portal("440604", "禅城区"),
        "127.0.0.33": posted_portal("440606", "顺德区"),
    }


@pytest.fixture(scope="module")
def script_crawl(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    yield from crawl_portals(tmp_path_factory.mktemp("in_script"), portals())


@pytest.mark.parametrize("addr", list(portals()))
def test_every_report_found_without_a_browser(script_crawl, addr: str) -> None:  # type: ignore[no-untyped-def]
    ws, servers, ps, summary = script_crawl
    p = ps[addr]
    site = summary["sites"][p.code]
    assert site["failures"] == [], site
    assert site["rendered"] == 0, site
    assert site["reports"] == len(p.reports) and site["attachments"] == len(p.attachments), site
    assert_found_exactly(ws, servers, addr, p)
    log = servers.servers[addr].log
    for decoy in p.decoys:  # judged by the list's titles, never fetched
        assert not any(line.startswith(f"GET {decoy}") for line in log), decoy


def test_gkmlpt_reads_the_tree_and_the_detail_json(script_crawl) -> None:  # type: ignore[no-untyped-def]
    ws, servers, ps, summary = script_crawl
    addr = "127.0.0.31"
    assert summary["sites"]["440604"]["platforms"][0] == "gkmlpt"
    log = servers.servers[addr].log
    # the 年报 columns' lists, paged; never the look-alike column 统计年报
    assert any("/gkmlpt/api/all/3022?page=2&sid=757013" in line for line in log), log
    assert not any(f"/gkmlpt/api/all/{STATS_CAT}" in line for line in log), log
    got: dict[str, Any] = ws.run("lookup", "region", "440604", "--format", "json").json()
    gov = {r["year"]: r for r in got["reports"] if r["organ"] == "禅城区人民政府"}
    parsed = gov[2021]["report"]
    assert parsed["cells"]["requests.new.natural_person"] == 5, parsed
    assert parsed["cells"]["proactive.licensing.decisions"] == 20417, parsed
    assert parsed["published"] == "2022-03-21", parsed


def test_posted_lists_are_replayed_and_paged_by_post(script_crawl) -> None:  # type: ignore[no-untyped-def]
    ws, servers, ps, summary = script_crawl
    p = ps["127.0.0.33"]
    assert summary["sites"]["440606"]["platforms"][0] == "jsonapi", summary
    log = servers.servers["127.0.0.33"].log
    assert "GET /zwgk/menu.json" in log  # the 政务公开 page's menu, read without a browser
    assert "POST /api/xxgk/bmnb/list" in log and "POST /common/search/getArticleList" in log
    assert not any(line.startswith(("GET /common/", "GET /api/")) for line in log), log
    pages = sorted(int(form["pageNo"][0]) for form in p.state.asked)
    assert pages == [1, 2, 3], p.state.asked  # 12 records, 4 a page
    assert all(form["siteId"] == ["fs0757"] for form in p.state.asked)
    dept_pages = sorted(int(str(body["page"])) for body in p.state.asked_depts)
    assert dept_pages == [1, 2, 3], p.state.asked_depts  # 9 records, 4 a page, by 共3页


def _alerts(ws: Workspace, crawl_id: int) -> list[tuple[str, str, int, str]]:
    con = sqlite3.connect(ws.db_file)
    return con.execute(
        "select a.kind, o.name, r.year, a.details from alerts a join reports r on r.id = a.report_id"
        " join organs o on o.id = r.organ_id where a.crawl_id = ? order by a.id",
        (crawl_id,),
    ).fetchall()


def test_a_correction_posted_at_a_new_url_is_alerted(workspace: Workspace) -> None:
    """On a portal that links its 年报 column as a hash route only (the tree lacks it)."""
    import json

    p = gkmlpt_portal("440605", "南海区", entry="annualreport")  # the column by its hash route
    with PortalServers({"127.0.0.32": p.site}) as servers:
        seeds = workspace.seeds(seed_rows({"127.0.0.32": p}, servers))
        first = workspace.run("crawl", "--seeds", str(seeds), "--format", "json")
        assert first.returncode == 0, first.stderr
        corrected = post_correction(p)
        second = workspace.run("crawl", "--seeds", str(seeds), "--format", "json")
        assert second.returncode == 0, second.stderr
        log = servers.servers["127.0.0.32"].log
        assert any(line.startswith(f"GET {corrected}") for line in log)
        assert "GET /gkmlpt/api/all/3020?page=3&sid=757013" in log, log
    got = _alerts(workspace, second.json()["crawl_id"])
    assert [(k, o, y) for k, o, y, _ in got] == [("revised", "南海区人民政府", 2021)], got
    changed = {c["cell"]: (c["old"], c["new"]) for c in json.loads(got[0][3])["changed_cells"]}
    assert changed == {"requests.new.natural_person": (5, 6), "requests.new.total": (6, 7)}
