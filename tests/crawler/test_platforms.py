"""Crawl fixture portals of each platform through the real CLI: every report, nothing else.

One crawl serves the plain portals together (TRS WCM, Hanweb jcms, an xxgk
JSON API, an old GBK site with frames), each on its own loopback address:
per portal, the reports found must be exactly the truth (recall and
precision 100%, right organ and year) and the browser must never start.
"""

from __future__ import annotations

import pytest

from nianbao.demo.server import PortalServers
from tests.conftest import Workspace
from tests.crawler.platform_crawls import assert_found_exactly, crawl_portals, seed_rows
from tests.portals import Portal
from tests.portals.hanweb_xxgk import hanweb_portal, xxgk_portal
from tests.portals.plain import gbk_portal, gzipped_gbk_portal, trs_portal


def plain_portals() -> dict[str, Portal]:
    return {
        "127.0.0.21": trs_portal("230103", "南岗区"),
        "127.0.0.22": hanweb_portal("230102", "道里区"),
        "127.0.0.23": xxgk_portal("230104", "道外区"),
        "127.0.0.26": gbk_portal("230112", "阿城区"),
        # the same, compressed and declared UTF-8 by its server: decoded after decompression
        "127.0.0.27": gzipped_gbk_portal("230113", "双城区"),
    }


@pytest.fixture(scope="module")
def plain_crawl(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    yield from crawl_portals(tmp_path_factory.mktemp("plain"), plain_portals())


@pytest.mark.parametrize("addr", list(plain_portals()))
def test_plain_portal_reports_are_found_exactly(plain_crawl, addr: str) -> None:  # type: ignore[no-untyped-def]
    ws, servers, portals, summary = plain_crawl
    p = portals[addr]
    site = summary["sites"][p.code]
    assert site["failures"] == [], site
    assert site["rendered"] == 0, site
    assert site["reports"] == len(p.reports) and site["attachments"] == len(p.attachments), site
    assert_found_exactly(ws, servers, addr, p)
    expected = {"127.0.0.21": "trs", "127.0.0.22": "hanweb", "127.0.0.23": "jsonapi"}.get(addr)
    assert (site.get("platforms") or [None])[0] == expected, site
    served = servers.servers[addr].log
    for decoy in p.decoys:  # look-alikes are judged by their list title, never fetched ...
        # ... unless the list cut the title before it says what it is (the old GBK portal)
        assert f"GET {decoy}" not in served or p.name in ("阿城区", "双城区"), decoy


def test_hanweb_pages_through_the_proxy_by_post(plain_crawl) -> None:  # type: ignore[no-untyped-def]
    ws, servers, _, _ = plain_crawl
    log = servers.servers["127.0.0.22"].log
    import sqlite3

    con = sqlite3.connect(ws.db_file)
    row = con.execute("select platform from portals where url like '%127.0.0.22%'").fetchone()
    assert row == ("hanweb",)
    assert any(line.startswith("POST /module/web/jpage/dataproxy.jsp") for line in log), log
    assert any("downfile.jsp" in line for line in log)


def test_without_a_browser_scripted_portals_fail_and_say_why(workspace: Workspace) -> None:
    from tests.portals.posted import signed_portal
    from tests.portals.scripted import challenge_portal, jsbuilt_portal

    portals = {
        "127.0.0.28": jsbuilt_portal("230108", "平房区"),
        "127.0.0.29": challenge_portal("230110", "香坊区"),
        "127.0.0.30": signed_portal("440607", "高明区"),
    }
    with PortalServers({a: p.site for a, p in portals.items()}) as servers:
        seeds = workspace.seeds(seed_rows(portals, servers))
        run = workspace.run("crawl", "--seeds", str(seeds), "--render", "never", "--format", "json")
    assert run.returncode == 0, run.stderr
    sites = run.json()["sites"]
    assert run.json()["totals"]["rendered"] == 0
    assert "needs --render auto" in " ".join(sites["230108"]["failures"])
    assert "HTTP 521" in " ".join(sites["230110"]["failures"])
    assert "menu built by script, needs --render auto" in " ".join(sites["440607"]["failures"])
