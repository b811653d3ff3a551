"""A host never has more than CONCURRENT_REQUESTS_PER_DOMAIN requests at once, delay or not.

Scrapy's downloader let every queued request of a host out at once when the
host's delay was zero (crawler/downloader.py); the crawl's own delay hid it, the
tests' loopback settings (no delay) met it.  Here a portal whose every answer
takes a tenth of a second, so that requests sent together are seen together, is
crawled without a delay and counts the requests it answers at once.
"""

from __future__ import annotations

from crawler import settings as crawl_settings
from nianbao.demo.server import PortalServers
from tests.conftest import Workspace
from tests.portals.plain import trs_portal


def test_a_host_without_delay_still_gets_its_limit_of_requests_at_once(
    workspace: Workspace,
) -> None:
    assert '"DOWNLOAD_DELAY": 0' in workspace.env["NIANBAO_SCRAPY_SETTINGS"]
    portal = trs_portal("231083", "海林市", years=range(2017, 2023))
    portal.site.delay = 0.1
    with PortalServers({"127.0.0.1": portal.site}) as servers:
        seeds = workspace.seeds(
            [("231083", "海林市", "county", "231000", servers.url("127.0.0.1", portal.start))]
        )
        run = workspace.run("crawl", "--seeds", str(seeds), "--format", "json")
        assert run.returncode == 0, run.stderr
        server = servers.servers["127.0.0.1"]
    assert run.json()["totals"]["reports"] == len(portal.reports)
    assert len(server.log) > 20
    assert server.max_active == crawl_settings.CONCURRENT_REQUESTS_PER_DOMAIN
