"""Two nights of crawls of the demo portal, made once per session for the replay tests.

Between the crawls one report is edited (a new 200), one is taken down (its page
answers 404) and everything else is left alone, so the second crawl's requests
for it end in 304s: the archive then holds every kind of capture a nightly
routine makes, and the tests ask standard replay tools to read them back.
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from nianbao.demo.hailin_portal import demo_sites
from nianbao.demo.report_cells import report_2020
from nianbao.demo.report_html import report_body
from nianbao.demo.server import PortalServers
from nianbao.demo.site import Site, add_article
from tests.conftest import Workspace, make_workspace

BASE = "/zwgk/xxgknb"
EDITED = f"{BASE}/202102/t20210201_1001.html"
REMOVED = f"{BASE}/202003/t20200331_0900.html"
#: a report left alone: the second night's request for it ends in a 304
UNCHANGED = f"{BASE}/202202/t20220128_1002.html"
#: a report page whose script tries to reach the service's API, cookies and storage
HOSTILE = f"{BASE}/202101/t20210125_0995.html"
HOSTILE_TITLE = "海林市林业局2020年政府信息公开工作年度报告"
HOSTILE_SCRIPT = """<p id="probe">inert</p>
<script>
document.getElementById("probe").textContent = "ran";
var stolen = "cookie=" + document.cookie;
try { stolen += ";storage=" + localStorage.getItem("nianbao-secret"); } catch (e) { stolen += ";no-storage"; }
fetch("/api/captures?url=" + encodeURIComponent(stolen)).catch(function () {});
</script>"""
#: the edit: 行政许可 处理决定数量 of the 2020 report
EDIT = (b"22306", b"22406")


@dataclass
class TwoCrawls:
    """The workspace after two crawls, the portal's base URL and the crawl ids."""

    ws: Workspace
    base: str
    crawls: tuple[int, int]

    def url(self, path: str) -> str:
        return self.base + path

    def rows(self, sql: str, *args: object) -> list[tuple[object, ...]]:
        con = sqlite3.connect(self.ws.db_file)
        try:
            return con.execute(sql, args).fetchall()
        finally:
            con.close()


def add_hostile_report(site: Site) -> None:
    """A report like the others, with :data:`HOSTILE_SCRIPT` in its body, linked from the list."""
    body = report_body("海林市林业局", 2020, "2019", report_2020()) + HOSTILE_SCRIPT
    add_article(site, HOSTILE, HOSTILE_TITLE, "2021-01-25", body)
    ctype, listing = site.files[f"{BASE}/index.html"]
    link = f'<li><a href="./202101/t20210125_0995.html">{HOSTILE_TITLE}</a></li>\n'
    site.files[f"{BASE}/index.html"] = (
        ctype,
        listing.replace(b'<ul class="list">\n', b'<ul class="list">\n' + link.encode()),
    )


@pytest.fixture(scope="session")
def two_crawls(tmp_path_factory: pytest.TempPathFactory) -> TwoCrawls:
    ws = make_workspace(tmp_path_factory.mktemp("two-crawls"))
    with PortalServers(demo_sites(), port=0) as servers:
        home = servers.url("127.0.0.1", "/index.html")
        seeds = ws.seeds([("231083", "海林市", "county", "231000", home)])
        site = servers.servers["127.0.0.1"].site
        add_hostile_report(site)
        first = ws.run("crawl", "--seeds", str(seeds), "--format", "json")
        assert first.returncode == 0, first.stderr
        ctype, body = site.files[EDITED]
        assert body.count(EDIT[0]) == 1
        site.files[EDITED] = (ctype, body.replace(*EDIT))
        del site.files[REMOVED]
        # --full: every known page asked again tonight (304s and the edit), not only those due
        second = ws.run("crawl", "--seeds", str(seeds), "--format", "json", "--full")
        assert second.returncode == 0, second.stderr
        base = servers.url("127.0.0.1", "")
    return TwoCrawls(ws, base, (first.json()["crawl_id"], second.json()["crawl_id"]))


@dataclass
class Package:
    path: Path
    summary: dict[str, Any]

    def read(self, name: str) -> bytes:
        with zipfile.ZipFile(self.path) as zf:
            return zf.read(name)

    def index(self) -> list[tuple[str, str, dict[str, str]]]:
        lines = self.read("indexes/index.cdx").decode().splitlines()
        return [(k, ts, json.loads(rest)) for k, ts, rest in (ln.split(" ", 2) for ln in lines)]

    def pages(self) -> list[dict[str, str]]:
        return [json.loads(line) for line in self.read("pages/pages.jsonl").splitlines()]


@pytest.fixture(scope="session")
def second_night(two_crawls: TwoCrawls, tmp_path_factory: pytest.TempPathFactory) -> Package:
    out = tmp_path_factory.mktemp("wacz") / "night2.wacz"
    run = two_crawls.ws.run(
        "wacz", "--crawl", str(two_crawls.crawls[1]), "--out", str(out), "--format", "json"
    )
    assert run.returncode == 0, run.stderr
    return Package(out, run.json())
