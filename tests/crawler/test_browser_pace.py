"""The browser's own requests keep the crawl's per-host politeness.

A rendered page fetches its scripts, styles and images itself, outside Scrapy's
downloader: Chromium sent a script-built list page's fourteen assets to its
portal at once.  Here that page is crawled with the crawl's real politeness
(a delay, AutoThrottle) and the portal counts what it answers at once, how far
apart its requests arrive, and what it was asked for; and the pace is held
against a real Scrapy downloader's slots for a host the page shares with the
crawl.
"""

from __future__ import annotations

import asyncio
import json
import shutil
from time import monotonic

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from crawler import settings as crawl_settings
from crawler.browser_pace import BrowserPace
from crawler.downloader import PoliteDownloader
from nianbao.demo.server import PortalServers
from tests.conftest import Workspace
from tests.portals.scripted import jsbuilt_portal

LIST = "/gkmlpt/nb/index.html"
SCRIPTS = [f"/js/lib{i}.js" for i in range(6)]
NOT_NEEDED = [f"/css/s{i}.css" for i in range(4)] + [f"/img/p{i}.png" for i in range(4)]
#: seconds between two requests to a host (a real night's is crawler/settings.py's)
DELAY = 0.25


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian chromium is not installed")
def test_a_rendered_page_asks_its_portal_one_request_at_a_time(workspace: Workspace) -> None:
    portal = jsbuilt_portal("230108", "平房区")
    site = portal.site
    assets = "".join(f'<script src="{p}"></script>' for p in SCRIPTS)
    assets += "".join(f'<link rel="stylesheet" href="{p}">' for p in NOT_NEEDED[:4])
    assets += "".join(f'<img src="{p}">' for p in NOT_NEEDED[4:])
    kind, body = site.files[LIST]
    site.files[LIST] = (kind, body.replace(b"<body>", b"<body>" + assets.encode(), 1))
    assert assets.encode() in site.files[LIST][1]
    for i, path in enumerate(SCRIPTS):
        site.files[path] = ("application/javascript", f"var lib{i} = {i};".encode())
    for path in NOT_NEEDED:
        site.files[path] = ("text/css" if path.endswith(".css") else "image/png", b"x")
    site.delay = 0.1  # an answer takes a while, so that requests sent together overlap
    # the crawl's own politeness, with a shorter delay than a real night's
    workspace.env["NIANBAO_SCRAPY_SETTINGS"] = json.dumps({"DOWNLOAD_DELAY": DELAY})
    with PortalServers({"127.0.0.24": site}) as servers:
        url = servers.url("127.0.0.24", portal.start)
        seeds = workspace.seeds([("230108", "平房区", "county", "230100", url)])
        run = workspace.run("crawl", "--seeds", str(seeds), "--format", "json")
        assert run.returncode == 0, run.stderr
        server = servers.servers["127.0.0.24"]
        asked = [line.split(" ", 1)[1] for line in server.log]
        arrived = list(server.arrived_at)
    found = run.json()["sites"]["230108"]
    assert (found["reports"], found["rendered"]) == (len(portal.reports), 1)
    assert set(SCRIPTS) <= set(asked)  # the scripts that build the list were run
    assert not set(NOT_NEEDED) & set(asked)  # what the DOM does not need was not fetched
    assert server.max_active <= crawl_settings.CONCURRENT_REQUESTS_PER_DOMAIN
    # every request DOWNLOAD_DELAY after the one before it, the browser's as Scrapy's (the
    # browser's leave through Playwright's driver, some hundredths of a second after their
    # turn, more or less: two may arrive a little closer than their turns were)
    gaps = [b - a for a, b in zip(arrived, arrived[1:], strict=False)]
    assert min(gaps) > 0.5 * DELAY, sorted(gaps)[:3]


def test_a_turn_on_another_host_takes_a_free_place_after_its_delay() -> None:
    """The page's request to another host of the portal waits for a place in that host's
    slot and for its delay, and frees the place for the crawl's queued request after."""

    async def scenario() -> None:
        crawler = get_crawler(settings_dict={"DOWNLOAD_DELAY": 0.2, "DOWNLOAD_DELAY_JITTER": 0.0})
        downloader = PoliteDownloader(crawler)
        pace = BrowserPace(downloader)
        _, slot = downloader._get_slot(Request("http://static.example.gov.cn/a.js"))
        busy = [Request(f"http://static.example.gov.cn/{i}") for i in range(slot.concurrency)]
        slot.transferring.update(busy)  # the crawl's own requests hold every place
        slot.lastseen = monotonic()
        own = asyncio.Lock()

        async def fetch() -> float:
            async with pace.turn("http://static.example.gov.cn/a.js", "www.example.gov.cn", own):
                assert slot.free_transfer_slots() == 0  # its place, held while in flight
                return monotonic()

        started = monotonic()
        waiting = asyncio.ensure_future(fetch())
        await asyncio.sleep(0.3)
        assert not waiting.done()  # no place free: it waits, delay or not
        slot.transferring.discard(busy[0])
        slot.lastseen = monotonic()
        sent = await waiting
        assert sent - started >= 0.3 + 0.2 * 0.9  # then the host's delay after its last request
        assert slot.free_transfer_slots() == 1  # its place given back
        assert slot.lastseen == pytest.approx(sent, abs=0.05)
        downloader.close()

    asyncio.run(scenario())
