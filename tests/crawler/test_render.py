"""Pages rendered in Debian's chromium through scrapy-playwright, documents fetched plainly."""

from __future__ import annotations

import contextlib
import hashlib
import json
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from nianbao.demo.server import PortalServers
from tests.conftest import Workspace
from tests.crawler.platform_crawls import assert_found_exactly, crawl_portals
from tests.portals.hanweb_xxgk import xxgk_portal
from tests.portals.scripted import challenge_portal, jsbuilt_portal

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
    # every page is read plainly, then shown to the browser from that answer: the PDF never
    server = demo_portal.servers["127.0.0.1"]
    asked = [line.split(" ", 1)[1] for line in server.log]
    pages = [path for path in asked if not path.endswith((".pdf", "/robots.txt"))]
    assert site["rendered"] == len(pages) and site["pages"] == 2 * len(pages) + 1, site
    # the portal answered each page once: the browser was given the plain answer
    assert len(set(pages)) == len(pages), asked
    # and the archive holds each as the portal sent it, never the browser's DOM
    with contextlib.closing(sqlite3.connect(workspace.db_file)) as db:
        archived = db.execute("SELECT url, sha256 FROM captures").fetchall()
    for path in [*pages, "/zwgk/xxgknb/202101/P020210120_caizheng.pdf"]:
        shas = {sha for url, sha in archived if url == demo_portal.url("127.0.0.1", path)}
        assert shas == {hashlib.sha256(server.site.files[path][1]).hexdigest()}, path


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian chromium is not installed")
def test_render_always_reads_every_platform_and_archives_what_was_sent(tmp_path: Path) -> None:
    # a list from a JSON API, one built by script, one behind a compressed 瑞数 challenge:
    # read plainly as with --render auto, then each HTML page shown to the browser
    portals = {
        "127.0.0.91": xxgk_portal("230103", "南岗区", years=range(2021, 2023)),
        "127.0.0.92": jsbuilt_portal("230108", "平房区"),
        "127.0.0.93": challenge_portal("230109", "松北区", status=412, compress=True),
    }
    for ws, servers, ps, summary in crawl_portals(tmp_path, portals, "--render", "always"):
        with contextlib.closing(sqlite3.connect(ws.db_file)) as db:
            archived = db.execute("SELECT url, sha256 FROM captures WHERE status = 200").fetchall()
        for addr, p in ps.items():
            site = summary["sites"][p.code]
            assert site["failures"] == [], site
            assert site["rendered"] > 0, site
            assert_found_exactly(ws, servers, addr, p)
            html = {path for path, (ctype, _) in p.site.files.items() if "html" in ctype}
            asked = {line.split(" ", 1)[1] for line in servers.servers[addr].log}
            assert html & asked, asked
            for path in html & asked:  # each page's answers archived as sent, no DOM
                shas = {sha for url, sha in archived if url == servers.url(addr, path)}
                assert shas == {hashlib.sha256(p.site.files[path][1]).hexdigest()}, path


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
