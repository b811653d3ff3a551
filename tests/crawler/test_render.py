"""Pages rendered in Debian's chromium through scrapy-playwright, documents fetched plainly."""

from __future__ import annotations

import contextlib
import json
import shutil
import time
from pathlib import Path

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


def descendants(pid: int) -> set[int]:
    """Every process below ``pid``, as /proc tells now."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def test_a_crawl_that_renders_nothing_starts_no_browser(
    workspace: Workspace, demo_portal: PortalServers
) -> None:
    # --render auto on a plain portal: neither Playwright's driver nor Chromium is started
    # (they would cost every crawl process, each batch of a cluster, their start and stop)
    seeds = workspace.seeds(
        [("231083", "海林市", "county", "231000", demo_portal.url("127.0.0.1", "/index.html"))]
    )
    proc = workspace.popen("crawl", "--seeds", str(seeds), "--render", "auto", "--format", "json")
    programs: set[str] = set()
    while proc.poll() is None:
        for child in descendants(proc.pid):
            with contextlib.suppress(OSError):  # gone already
                programs.add(Path(f"/proc/{child}/exe").resolve().name)
        time.sleep(0.02)
    out, err = proc.communicate()
    assert proc.returncode == 0, err
    assert json.loads(out)["sites"]["231083"]["reports"] == 4
    assert programs and not programs & {"node", "chromium", "chrome"}, programs
