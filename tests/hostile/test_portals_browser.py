"""The browser stays on the portal's hosts: a rendered page's own requests off the portal are aborted.

A JS-built list (rendered in Chromium) that also loads an image, a style
sheet, a script and an XHR from another loopback host (the watcher): the
list is read and its reports recorded, the watcher sees no request.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from nianbao.demo.server import PortalServers
from nianbao.demo.site import Hit, Reply, Site
from tests.conftest import make_workspace
from tests.crawler.platform_crawls import assert_found_exactly, seed_rows
from tests.hostile.portals_sites import CRAWL_SETTINGS
from tests.portals.scripted import jsbuilt_portal

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian chromium is not installed"),
]

WATCHER = "127.0.0.59"
PORTAL = "127.0.0.72"
LIST = "/gkmlpt/nb/index.html"


@pytest.fixture(scope="module")
def browser_crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, ...]]:
    ws = make_workspace(tmp_path_factory.mktemp("hostile_browser"))
    ws.env["NIANBAO_SCRAPY_SETTINGS"] = json.dumps(CRAWL_SETTINGS)
    portal = jsbuilt_portal("239930", "卯区", years=range(2021, 2023))
    ctype, listing = portal.site.files.pop(LIST)
    holder: list[PortalServers] = []

    def rendered_list(hit: Hit) -> Reply:
        away = holder[0].url(WATCHER, "")
        beacons = (
            f'<img src="{away}/pixel.png"><link rel="stylesheet" href="{away}/s.css">'
            f'<script src="{away}/track.js"></script>'
            f"<script>fetch('{away}/beacon?y=/robots.txt').catch(function () {{}});</script>"
            # on the portal's host, but redirected to the watcher (Chromium follows 3xx itself)
            '<img src="/moved.png"><iframe src="/moved.html"></iframe>'
        )
        return Reply(200, ctype, listing.replace(b"</body>", beacons.encode() + b"</body>"))

    portal.site.routes[LIST] = rendered_list
    for path in ("/moved.png", "/moved.html"):
        portal.site.routes[path] = lambda hit: Reply(
            302, "text/html", b"", [("Location", holder[0].url(WATCHER, hit.path))]
        )
    with PortalServers({WATCHER: Site("watcher"), PORTAL: portal.site}) as servers:
        holder.append(servers)
        seeds = ws.seeds(seed_rows({PORTAL: portal}, servers))
        run = ws.run("crawl", "--seeds", str(seeds), "--render", "auto", "--format", "json")
        assert run.returncode == 0, run.stderr
        yield ws, servers, portal, run.json()


def test_the_rendered_page_reached_only_the_portal(browser_crawl: tuple[Any, ...]) -> None:
    ws, servers, portal, summary = browser_crawl
    site = summary["sites"][portal.code]
    assert site["rendered"] >= 1, site
    assert site["failures"] == [], site
    assert servers.servers[WATCHER].log == []
    assert_found_exactly(ws, servers, PORTAL, portal)
