"""A real archive with history, built once: the demo portal crawled, one report edited, crawled again.

Building it takes two real crawls, so it is made once per test session and
copied for each test that writes to it (deliveries, say).
"""

from __future__ import annotations

import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from nianbao.demo.hailin_portal import demo_sites
from nianbao.demo.server import PortalServers
from tests.conftest import Workspace, make_workspace
from tests.service.counties import Prefecture, build

REPORT_2020 = "/zwgk/xxgknb/202102/t20210201_1001.html"
#: the demo portal's reports; every one raises a ``new`` alert on the first crawl
REPORTS = 4
#: alerts after the two crawls: one per report, and the revision
ALERTS = REPORTS + 1
#: the numbers edited between the two crawls: 行政许可 处理决定数量 and 采购总金额
EDITS = [(b"22306", b"22406"), (b"2196.24", b"2296.24")]
#: seconds at least between the two crawls' captures of a page
NIGHTS_APART = 5


@dataclass
class History:
    """The workspace after two crawls, and the URL of the report that was revised."""

    root: Path
    report_url: str


@pytest.fixture(scope="session")
def history(tmp_path_factory: pytest.TempPathFactory) -> History:
    root = tmp_path_factory.mktemp("history")
    ws = make_workspace(root)
    with PortalServers(demo_sites(), port=0) as servers:
        seeds = ws.seeds(
            [("231083", "海林市", "county", "231000", servers.url("127.0.0.1", "/index.html"))]
        )
        first = ws.run("crawl", "--seeds", str(seeds), "--format", "json")
        assert first.returncode == 0, first.stderr
        site = servers.servers["127.0.0.1"].site
        ctype, body = site.files[REPORT_2020]
        for old, new in EDITS:
            assert body.count(old) == 1, old
            body = body.replace(old, new)
        site.files[REPORT_2020] = (ctype, body)
        # the two captures some seconds apart, as two nights are: an Accept-Datetime has
        # whole seconds, and the timegate tests ask for moments between the two
        time.sleep(NIGHTS_APART)
        # --full: the page revised in place is fetched tonight, whatever its night
        second = ws.run("crawl", "--seeds", str(seeds), "--format", "json", "--full")
        assert second.returncode == 0, second.stderr
        url = servers.url("127.0.0.1", REPORT_2020)
    return History(root, url)


@pytest.fixture
def archive_copy(history: History, tmp_path: Path) -> Workspace:
    """A private copy of the two-crawl archive, for tests that change the database."""
    root = tmp_path / "ws"
    shutil.copytree(history.root, root, ignore=shutil.ignore_patterns("*.db-wal", "*.db-shm"))
    return make_workspace(root)


@pytest.fixture
def shared(history: History) -> Workspace:
    """The two-crawl archive itself, for tests that only read."""
    return make_workspace(history.root)


@pytest.fixture(scope="session")
def prefecture(tmp_path_factory: pytest.TempPathFactory) -> Prefecture:
    """Five counties of 牡丹江市 over two years, recorded without a crawl (see counties.py)."""
    root = tmp_path_factory.mktemp("prefecture")
    (root / "archive").mkdir()
    return build(root)
