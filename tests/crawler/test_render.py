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
from tests.portals.scripted import challenge_portal, jsbuilt_portal, tokened_portal

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
        # its list call answers an empty list without the cookie its script sets
        "127.0.0.94": tokened_portal("230111", "呼兰区"),
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
            log = servers.servers[addr].log
            asked = {line.split(" ", 1)[1] for line in log}
            assert html & asked, asked
            # the portal answered each page once (a challenge's reload aside): every
            # render was given the plain answer, and no page was rendered twice
            reloads = 1 if addr == "127.0.0.93" else 0
            if addr == "127.0.0.94":  # its call: plainly, then once by its one render
                assert log.count("GET /api/nb/list?catid=ndbg&page=1") == 2, log
            twice = [line for line in set(log) if log.count(line) > 1]
            assert len([line for line in twice if line.split(" ", 1)[1] in html]) <= reloads, log
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


@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian chromium is not installed")
def test_a_quiet_night_with_render_always_asks_what_render_auto_asks(tmp_path: Path) -> None:
    # the schedule decides on each page when it is read plainly; its render (links only)
    # is neither dropped as known navigation nor counted again, nor does it release a
    # list's further pages the plain read held back
    from tests.conftest import make_workspace
    from tests.crawler.night_runs import D0, move_counters, night
    from tests.crawler.quiet_nights import CODE, make_portal, paths, quiet_days, seeds_for

    quiet = quiet_days(D0, 1)[0]
    asked, sites = {}, {}
    for mode in ("auto", "always"):
        (tmp_path / mode).mkdir()
        portal, ws = make_portal(), make_workspace(tmp_path / mode)
        with PortalServers({"127.0.0.1": portal.site}) as servers:
            seeds = seeds_for(ws, servers)
            log = servers.servers["127.0.0.1"].log
            night(ws, seeds, D0, "--render", mode)
            before = len(log)
            move_counters(portal.site, 2)
            second = night(ws, seeds, quiet, "--render", mode)
            asked[mode] = sorted(paths(log[before:]))
            sites[mode] = second["sites"][CODE]
    # the same requests (which known documents are due depends on their URLs, whose port
    # differs between the two runs: their number does not), and the same lists
    assert len(asked["always"]) == len(asked["auto"]), asked
    lists = {mode: [p for p in got if "index" in p] for mode, got in asked.items()}
    assert lists["always"] == lists["auto"], asked
    assert sites["always"]["rendered"] > 0 and sites["auto"]["rendered"] == 0, sites
    keys = ("skipped_known", "due_known", "skipped_lists", "skipped_nav", "new", "revised")
    assert {k: sites["always"][k] for k in keys} == {k: sites["auto"][k] for k in keys}, sites
