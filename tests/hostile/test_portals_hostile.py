"""Hostile portals beside a normal one in ONE crawl: none steers, bloats or fools the crawl.

Each hostile portal is served on its own loopback address; a watcher server
on another loopback address stands for every host outside the portals (the
hostile portals redirect and link there).  Per portal: the failure the crawl
summary names, the reports recorded (exactly the truth, nothing from another
host); for the crawl: the watcher saw no request and the normal portal is
archived whole.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from nianbao.demo.server import PortalServers
from nianbao.demo.site import Site
from tests.conftest import Workspace, make_workspace
from tests.crawler.platform_crawls import assert_found_exactly, seed_rows
from tests.hostile import portals_losses as losses
from tests.hostile import portals_sites as hs
from tests.portals.plain import trs_portal

WATCHER = "127.0.0.59"
NORMAL = "127.0.0.60"
ENDLESS = "127.0.0.79"
#: a report of the normal portal, which one hostile portal redirects to
NORMAL_REPORT = "/zwgk/xxgknb/202101/t20210100_0.html"


def hostile_cases(away: hs.Away, normal: hs.Away) -> dict[str, hs.HostileCase]:
    return {
        "127.0.0.61": hs.robots_redirect_portal("239901", away),
        "127.0.0.62": hs.home_redirect_portal("239902", away),
        "127.0.0.63": hs.offsite_links_portal("239903", away, lambda: normal(NORMAL_REPORT)),
        "127.0.0.64": hs.refresh_home_portal("239904", away),
        "127.0.0.65": losses.refresh_report_portal("239905", away),
        "127.0.0.66": losses.redirect_loop_portal("239906"),
        "127.0.0.67": losses.bomb_portal("239907", "癸区", "gzip", "home"),
        "127.0.0.68": losses.bomb_portal("239908", "子区", "deflate", "report"),
        "127.0.0.69": losses.bomb_portal("239909", "丑区", "br", "attachment"),
        "127.0.0.70": losses.oversize_portal("239910"),
        "127.0.0.71": losses.thin_bodies_portal("239911"),
    }


CASES = list(hostile_cases(str, str))


@pytest.fixture(scope="module")
def hostile_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, ...]]:
    ws = make_workspace(tmp_path_factory.mktemp("hostile_portals"))
    ws.env["NIANBAO_SCRAPY_SETTINGS"] = json.dumps(hs.CRAWL_SETTINGS)
    holder: list[PortalServers] = []
    cases = hostile_cases(
        lambda path: holder[0].url(WATCHER, path), lambda path: holder[0].url(NORMAL, path)
    )
    normal = trs_portal("230103", "南岗区")
    assert NORMAL_REPORT in normal.reports
    sites: dict[str, Site] = {WATCHER: Site("watcher"), NORMAL: normal.site}
    sites |= {addr: case.portal.site for addr, case in cases.items()}
    endless = losses.EndlessServer(ENDLESS)
    try:
        with PortalServers(sites) as servers:
            holder.append(servers)
            portals = {NORMAL: normal} | {a: c.portal for a, c in cases.items()}
            rows = seed_rows(portals, servers)
            rows.append(("239920", "寅区", "county", "239900", endless.url("/index.html")))
            run = ws.run("crawl", "--seeds", str(ws.seeds(rows)), "--format", "json")
            assert run.returncode == 0, run.stderr
            summary = run.json()
            summary["lookups"] = _lookups(ws, [c.portal.code for c in cases.values()])
            yield ws, servers, normal, cases, summary
    finally:
        endless.close()


def test_the_watcher_outside_the_portals_saw_no_request(hostile_crawl: tuple[Any, ...]) -> None:
    ws, servers, _, cases, _ = hostile_crawl
    assert servers.servers[WATCHER].log == []
    seeded = {NORMAL, ENDLESS, *cases}
    hosts = {urlsplit(u).hostname for u in _archived_urls(ws.db_file)}  # robots.txt included
    assert hosts <= seeded, hosts - seeded


def test_the_normal_portal_is_archived_whole(hostile_crawl: tuple[Any, ...]) -> None:
    ws, servers, normal, _, summary = hostile_crawl
    site = summary["sites"][normal.code]
    assert site["failures"] == [], site
    assert site["reports"] == len(normal.reports), site
    assert site["attachments"] == len(normal.attachments), site
    assert_found_exactly(ws, servers, NORMAL, normal)
    archived = _archived_urls(ws.db_file)
    for path in (*normal.reports, *normal.attachments, "/index.html", "/zwgk/xxgknb/index.html"):
        assert servers.url(NORMAL, path) in archived, path


@pytest.mark.parametrize("addr", CASES)
def test_each_hostile_portal_fails_clearly_and_records_only_its_reports(
    hostile_crawl: tuple[Any, ...], addr: str
) -> None:
    ws, servers, _, cases, summary = hostile_crawl
    case = cases[addr]
    failures = summary["sites"][case.portal.code]["failures"]
    if case.failure is None:
        assert failures == [], failures
    else:
        assert failures and all(case.failure in f for f in failures), failures
        assert not [f for f in failures if f.endswith((": failed", ": CancelledError"))]
    got = summary["lookups"][case.portal.code]
    years = {r["year"] for r in got["reports"]}
    assert years == {year for _, year in case.portal.reports.values()}, got
    sources = {u for r in got["reports"] for u in r["sources"]}
    assert all(u.startswith(servers.url(addr, "/")) for u in sources), sources
    # nothing from any other host was archived for this portal
    assert not [u for u in _archived_urls(ws.db_file, addr) if f"//{addr}:" not in u]


def test_robots_txt_redirect_chain_stops_at_the_portal_edge(
    hostile_crawl: tuple[Any, ...],
) -> None:
    _, servers, _, _, _ = hostile_crawl
    log = servers.servers["127.0.0.61"].log
    assert "GET /robots.txt" in log and "GET /robots-moved.txt" in log, log


def test_an_endless_body_is_cut_at_the_limit_and_said_so(hostile_crawl: tuple[Any, ...]) -> None:
    summary = hostile_crawl[-1]
    failures = summary["sites"]["239920"]["failures"]
    assert len(failures) == 1 and "/index.html: too large: " in failures[0], failures
    assert f"over the limit of {hs.MAX_SIZE} bytes (download cut off)" in failures[0]


def _lookups(ws: Workspace, codes: list[str]) -> dict[str, Any]:
    """``nianbao lookup region CODE`` for every code, run side by side."""
    procs = {code: ws.popen("lookup", "region", code, "--format", "json") for code in codes}
    out = {}
    for code, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr
        out[code] = json.loads(stdout)
    return out


def _archived_urls(db: Path, addr: str | None = None) -> set[str]:
    """Every URL the crawl archived (for the portal served on ``addr``, if given)."""
    con = sqlite3.connect(db)
    try:
        rows = con.execute(
            "select c.url, p.url from captures c left join portals p on p.id = c.portal_id"
        ).fetchall()
    finally:
        con.close()
    return {u for u, portal in rows if addr is None or (portal and f"//{addr}:" in portal)}
