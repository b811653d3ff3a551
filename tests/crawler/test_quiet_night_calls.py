"""A list its page's script fills from an API: a quiet night starts at the API call itself.

The xxgk page names its JSON API in a script; the gkmlpt-like page computes
its call at run time, so night 1 renders it in the browser and replays the
call it saw.  Either way the next quiet night fetches the call plainly and
not the page (whose HTML holds only the script): one request for the list,
and no browser.  A call that stops answering (the API moved) is a starting
page that failed: the walk from the home page finds the list again that night.
"""

from __future__ import annotations

import shutil
from datetime import date
from typing import Any

import pytest

from crawler.night_walk import deep_night, portal_night
from crawler.recheck_schedule import WEEK
from nianbao.demo.server import PortalServers
from tests.conftest import Workspace
from tests.crawler.night_runs import D0, alerts, move_counters, night
from tests.crawler.quiet_nights import CODE, own_night, paths, quiet_days, statuses
from tests.portals.hanweb_xxgk import xxgk_portal
from tests.portals.scripted import jsbuilt_portal

XXGK_LIST, XXGK_API = "/xxgk/ndbg/index.html", "/api/xxgk/list?catid=ndbg&page=1"


#: other counties of the same city, for a test that needs a portal's night of the week
NEIGHBOURS = {"231083": "海林市", "231084": "宁安市", "231085": "穆棱市", "231086": "东宁市"}


def seeds_for(ws: Workspace, servers: PortalServers, code: str = CODE) -> str:
    url = servers.url("127.0.0.1", "/index.html")
    return str(ws.seeds([(code, NEIGHBOURS[code], "county", "231000", url)]))


def test_a_quiet_night_starts_at_the_list_api_the_page_names(workspace: Workspace) -> None:
    portal = xxgk_portal(CODE, "海林市")
    move_counters(portal.site, 1)
    with PortalServers({"127.0.0.1": portal.site}) as servers:
        seeds = seeds_for(workspace, servers)
        log = servers.servers["127.0.0.1"].log
        first = night(workspace, seeds, D0)
        assert first["totals"]["reports"] == len(portal.reports)
        before = len(log)
        move_counters(portal.site, 2)
        second = night(workspace, seeds, quiet_days(D0, 1)[0])
        tonight = paths(log[before:])
    site = second["sites"][CODE]
    assert tonight[0] == XXGK_API and XXGK_LIST not in tonight, tonight
    assert site["started_at_lists"] == 1 and site["lists_moved"] == 0, site
    assert alerts(workspace, second["crawl_id"]) == []
    assert statuses(workspace) == ["present"]


def script_list_nights(
    ws: Workspace, day: date, code: str = CODE
) -> tuple[dict[str, Any], list[str]]:
    """A script-built list's portal crawled on D0 (rendered), then on ``day``, a quiet night
    (no alert, every report still present): that night's summary and the paths its server
    answered."""
    portal = jsbuilt_portal(code, NEIGHBOURS[code])
    move_counters(portal.site, 1)
    with PortalServers({"127.0.0.1": portal.site}) as servers:
        seeds = seeds_for(ws, servers, code)
        log = servers.servers["127.0.0.1"].log
        first = night(ws, seeds, D0, "--render", "auto")
        assert first["totals"]["reports"] == len(portal.reports)
        assert first["totals"]["rendered"] > 0
        before = len(log)
        move_counters(portal.site, 2)
        tonight = night(ws, seeds, day, "--render", "auto")
    assert alerts(ws, tonight["crawl_id"]) == []
    assert statuses(ws) == ["present"]
    return tonight, paths(log[before:])


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian chromium is not installed")
def test_a_list_built_by_script_is_read_without_the_browser_on_a_quiet_night(
    workspace: Workspace,
) -> None:
    second, tonight = script_list_nights(workspace, quiet_days(D0, 1)[0])
    site = second["sites"][CODE]
    assert site["rendered"] == 0 and site["started_at_lists"] == 1, site
    assert tonight[0].startswith("/gkmlpt/api/all/3021?page=1"), tonight
    assert "/gkmlpt/nb/index.html" not in tonight, tonight


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian chromium is not installed")
def test_a_script_built_lists_further_pages_are_a_fan_not_walked_on_the_deep_night(
    workspace: Workspace,
) -> None:
    # a county whose deep-list night is not tonight's, so it comes within the week
    code = next(c for c in NEIGHBOURS if deep_night(c) != D0.toordinal() % WEEK)
    deep, tonight = script_list_nights(workspace, own_night(D0, deep_night(code)), code)
    site = deep["sites"][code]
    further = [p for p in tonight if p.startswith("/gkmlpt/api/") and "page=1&" not in p]
    assert len(further) <= 1, (tonight, site)  # four further pages dealt round six nights
    assert site["skipped_lists"] >= 3 and site["started_at_lists"] == 1, site


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian chromium is not installed")
def test_the_navigation_night_reaches_the_script_page_whose_call_read_its_list(
    workspace: Workspace,
) -> None:
    nav, tonight = script_list_nights(workspace, own_night(D0, portal_night(CODE)))
    site = nav["sites"][CODE]
    assert site["started_at_lists"] == 0 and site["rendered"] == 0, site
    # the home page and the kept call start together, in either order
    assert set(tonight[:2]) == {"/index.html", "/gkmlpt/api/all/3021?page=1&sid=S714"}, tonight
    assert tonight.count("/gkmlpt/nb/index.html") == 1, tonight
    assert len([p for p in tonight if p.startswith("/gkmlpt/api/all/3021?page=1&")]) == 1


def test_an_api_that_moved_is_found_again_from_the_home_page(workspace: Workspace) -> None:
    portal = xxgk_portal(CODE, "海林市")
    site = portal.site
    move_counters(site, 1)
    with PortalServers({"127.0.0.1": site}) as servers:
        seeds = seeds_for(workspace, servers)
        log = servers.servers["127.0.0.1"].log
        night(workspace, seeds, D0)
        # the list's API moves to /api/v2/…: the old call answers 404
        api = site.routes.pop("/api/xxgk/list")
        site.routes["/api/v2/xxgk/list"] = api
        ctype, shell = site.files[XXGK_LIST]
        site.files[XXGK_LIST] = (ctype, shell.replace(b"/api/xxgk/list", b"/api/v2/xxgk/list"))
        day2, day3 = quiet_days(D0, 2)
        moved = night(workspace, seeds, day2)
        before = len(log)
        after = night(workspace, seeds, day3)
        third = paths(log[before:])
    assert moved["sites"][CODE]["lists_moved"] == 1, moved["sites"][CODE]
    assert alerts(workspace, moved["crawl_id"]) == []
    assert statuses(workspace) == ["present"]
    assert after["sites"][CODE]["started_at_lists"] == 1
    assert third[0] == XXGK_API.replace("/api/", "/api/v2/"), third
    assert alerts(workspace, after["crawl_id"]) == []
