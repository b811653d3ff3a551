"""Pages rendered in Debian's chromium through scrapy-playwright, documents fetched plainly."""

from __future__ import annotations

import shutil

import pytest

from nianbao.demo.server import PortalServers
from tests.conftest import Workspace

pytestmark = pytest.mark.browser


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian chromium is not installed")
def test_render_always_uses_the_browser_for_pages_only(
    workspace: Workspace, demo_portal: PortalServers
) -> None:
    seeds = workspace.seeds(
        [("231083", "海林市", "county", "231000", demo_portal.url("127.0.0.1", "/index.html"))]
    )
    run = workspace.run("crawl", "--seeds", str(seeds), "--render", "always", "--format", "json")
    assert run.returncode == 0, run.stderr
    site = run.json()["sites"]["231083"]
    assert site["reports"] == 4 and site["attachments"] == 1, site
    assert site["rendered"] == site["pages"] - 1  # every page but the PDF
    pdf = "/zwgk/xxgknb/202101/P020210120_caizheng.pdf"
    look = workspace.run("lookup", "url", demo_portal.url("127.0.0.1", pdf), "--format", "json")
    served = demo_portal.servers["127.0.0.1"].site.files[pdf][1]
    import hashlib

    assert look.json()["captures"][0]["sha256"] == hashlib.sha256(served).hexdigest()


def test_render_never_and_plain_portal_render_nothing(
    workspace: Workspace, demo_portal: PortalServers
) -> None:
    seeds = workspace.seeds(
        [("231083", "海林市", "county", "231000", demo_portal.url("127.0.0.1", "/index.html"))]
    )
    for mode in ("never", "auto"):
        run = workspace.run("crawl", "--seeds", str(seeds), "--render", mode, "--format", "json")
        assert run.returncode == 0, run.stderr
        assert run.json()["totals"]["rendered"] == 0
