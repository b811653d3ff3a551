"""A host's requests are never closer together than DOWNLOAD_DELAY.

Scrapy's default draws each wait between half and one and a half times the
delay, and draws again every time it looks at the host's queue: waits came
out as short as half the delay and longer than it on average
(crawler/settings.py).  Here a portal is crawled with a delay of a fifth of
a second, and the times its server answered are compared.
"""

from __future__ import annotations

import json

from nianbao.demo.server import PortalServers
from tests.conftest import Workspace
from tests.portals.plain import trs_portal

DELAY = 0.2


def test_a_hosts_requests_are_a_delay_apart(workspace: Workspace) -> None:
    workspace.env["NIANBAO_SCRAPY_SETTINGS"] = json.dumps(
        {"DOWNLOAD_DELAY": DELAY, "AUTOTHROTTLE_ENABLED": False}
    )
    portal = trs_portal("231083", "海林市", years=range(2016, 2023))
    with PortalServers({"127.0.0.1": portal.site}) as servers:
        seeds = workspace.seeds(
            [("231083", "海林市", "county", "231000", servers.url("127.0.0.1", portal.start))]
        )
        run = workspace.run("crawl", "--seeds", str(seeds), "--format", "json")
        assert run.returncode == 0, run.stderr
        times = list(servers.servers["127.0.0.1"].answered_at)
    assert run.json()["totals"]["reports"] == len(portal.reports)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert len(gaps) > 30
    # the server's clock reads each answer some milliseconds after its request left, more
    # on a busy machine; Scrapy's draws made a quarter of the gaps shorter than this
    assert min(gaps) > 0.75 * DELAY, sorted(gaps)[:5]
