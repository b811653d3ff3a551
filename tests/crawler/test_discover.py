"""``nianbao regions discover`` on a simulated province web (tests/portals/province_web.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from archive.db import open_database
from archive.models import Portal
from nianbao.demo.server import PortalServers
from tests.conftest import Workspace
from tests.portals.province_web import expected, move_nanshan, province_web
from tests.ports import free_port


@pytest.fixture
def web() -> Iterator[tuple[PortalServers, dict, int]]:
    port = free_port("127.0.0.2")
    sites = province_web(port)
    with PortalServers(sites, port=port) as servers:
        yield servers, sites, port


def discover(workspace: Workspace, port: int) -> dict:
    workspace.env["NIANBAO_DISCOVER_DELAY"] = "0"
    run = workspace.run(
        "regions", "discover", "--from", f"http://127.0.0.2:{port}/", "--province", "230000",
        "--format", "json",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    return run.json()


def test_discover_finds_every_linked_portal_and_no_wrong_one(workspace: Workspace, web) -> None:
    servers, sites, port = web
    out = discover(workspace, port)
    found = {f["code"]: f["url"] for f in out["found"]}
    assert found == expected(port)  # every linked portal, nothing else, each at its final URL
    by_code = {f["code"]: f for f in out["found"]}
    assert by_code["230402"]["evidence"] == {"page": f"http://127.0.0.4:{port}/", "text": "向阳区"}
    assert by_code["230800"]["evidence"]["text"] == "佳木斯"  # the table of short names
    assert by_code["230800"]["evidence"]["page"] == f"http://127.0.0.2:{port}/szfwz.html"
    assert by_code["230100"]["evidence"]["text"] == "哈尔滨市"  # the jump menu
    # the name the province page cannot place is ambiguous, with both candidates
    assert out["ambiguous"] == [
        {"text": "向阳区", "url": f"http://127.0.0.35:{port}/", "candidates": ["230402", "230803"]}
    ]
    missing = set(out["missing"])
    assert {"230200", "231084", "231085", "230406", "230300"} <= missing  # 宁安: robots.txt
    assert not missing & set(found)
    assert "232761" not in missing  # a 管理区 is never expected
    decoys = {40, 41, 42, 43, 44, 45, 46, 47, 35, 36, 90, 91}
    assert not any(f"127.0.0.{h}:" in url for url in found.values() for h in decoys)
    # robots.txt closed 宁安's portal: nothing but robots.txt was asked there
    assert servers.servers["127.0.0.28"].log == ["GET /robots.txt"]


def test_discovered_urls_are_kept_with_their_source(workspace: Workspace, web) -> None:
    servers, sites, port = web
    seeds = workspace.seeds([("231083", "海林市", "county", "231000", "http://www.hailin.gov.cn/")])
    assert workspace.run("regions", "add-seeds", str(seeds)).returncode == 0
    discover(workspace, port)
    listing = workspace.run("regions", "list", "--format", "json").json()
    rows = {r["code"]: r for r in listing["regions"]}
    assert (rows["231083"]["url"], rows["231083"]["url_source"]) == (
        "http://www.hailin.gov.cn/",
        "seed",
    )  # a seed's URL is never overwritten
    assert rows["230402"]["url"] == f"http://127.0.0.21:{port}/"
    assert rows["230402"]["url_source"] == "discovered"
    assert rows["230000"]["url_source"] == "shipped"
    assert rows["230200"]["url"] is None and rows["230200"]["url_source"] is None
    with open_database(f"sqlite:///{workspace.db_file}")() as session:
        portal = session.scalars(select(Portal).where(Portal.region_code == "230805")).one()
        assert portal.url_source == "discovered"
        assert portal.evidence["page"] == f"http://127.0.0.5:{port}/index.html"
        assert portal.evidence["text"] == "东风区"

    # a rerun that finds 南山区 on another host says so, and records the new URL
    move_nanshan(sites, port)
    again = discover(workspace, port)
    assert {f["code"]: f["url"] for f in again["found"]}["230404"] == f"http://127.0.0.34:{port}/"
    alerts = workspace.run("alerts", "--format", "json").json()
    moved = [a for a in alerts if a["kind"] == "portal_moved"]
    assert len(moved) == 1
    assert moved[0]["region_code"] == "230404"
    assert moved[0]["details"]["old_url"] == f"http://127.0.0.22:{port}/"
    assert moved[0]["details"]["new_url"] == f"http://127.0.0.34:{port}/"
    rows = {
        r["code"]: r for r in workspace.run("regions", "list", "--format", "json").json()["regions"]
    }
    assert rows["230404"]["url"] == f"http://127.0.0.34:{port}/"


def test_regions_list_counts_and_provincial_portals(workspace: Workspace) -> None:
    listing = workspace.run("regions", "list", "--format", "json").json()
    assert listing["counts"]["prefecture"] == 333
    assert 2840 <= listing["counts"]["county"] <= 2860
    provinces = {r["code"]: r for r in listing["regions"] if r["level"] == "province"}
    assert provinces["110000"]["name"] == "北京市" and provinces["650000"]["name"].startswith(
        "新疆"
    )
    with_url = [r for r in provinces.values() if r["url"]]
    assert len(with_url) == 31
    assert all(r["url_source"] == "shipped" and r["url"].startswith("http") for r in with_url)


def test_walk_in_process_start_told_by_title_and_one_request_per_host(web) -> None:
    """Without --province the start page's title says whose portal it is; each host sees
    one request at a time, and the crawler's User-Agent."""
    from crawler.discover.fetch import PoliteFetcher
    from crawler.discover.walk import discover as walk
    from crawler.settings import USER_AGENT

    servers, sites, port = web
    seen_agents: list[str] = []
    guard = lambda hit: seen_agents.append(hit.headers.get("user-agent", "")) or None  # noqa: E731
    for site in sites.values():
        site.guard = guard
    result = walk([(f"http://127.0.0.2:{port}/", None)], PoliteFetcher(delay=0.05))
    assert {c: f.url for c, f in result.found.items()} == expected(port)
    assert result.scopes == {"230000"}
    assert all(s.max_active <= 1 for s in servers.servers.values())
    assert seen_agents and set(seen_agents) == {USER_AGENT}


def test_unreadable_start_page_is_reported(workspace: Workspace) -> None:
    port = free_port("127.0.0.2")  # nothing listens there
    workspace.env["NIANBAO_DISCOVER_DELAY"] = "0"
    run = workspace.run("regions", "discover", "--from", f"http://127.0.0.2:{port}/")
    assert run.returncode == 1
    assert "no start page could be read" in run.stderr
