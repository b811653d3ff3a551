"""Pages whose bytes the archive lost: asked again whole, the bytes stored anew.

Conditional requests go out without asking the archive first whether it still
holds the validated capture's bytes (that look-up, one per request on the
reactor, is an HTTP round trip on S3).  When the archive did lose them, the
server's 304 cannot be replayed: the page is asked for again without
validators, read as on any night, and its bytes are back in the archive.  A
resumed crawl, which answers what it had fetched from the archive, fetches such
a page again too.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from archive.archive import blob_key
from nianbao.demo.server import PortalServers
from tests.archive.tamper import remove
from tests.conftest import Workspace
from tests.crawler.demo_changes import R2020


def crawled_once(workspace: Workspace, demo_portal: PortalServers) -> tuple[str, Any, str]:
    """The demo portal crawled once: its seeds file, the run, and one report page's sha256."""
    home = demo_portal.url("127.0.0.1", "/index.html")
    seeds = str(workspace.seeds([("231083", "海林市", "county", "231000", home)]))
    first = workspace.run("crawl", "--seeds", seeds, "--format", "json")
    assert first.returncode == 0, first.stderr
    [(sha256,)] = (
        sqlite3.connect(workspace.db_file)
        .execute(
            "select sha256 from captures where url = ? and status = 200",
            (demo_portal.url("127.0.0.1", R2020),),
        )
        .fetchall()
    )
    return seeds, first, sha256


def test_a_304_of_lost_bytes_is_fetched_again_whole(
    workspace: Workspace, demo_portal: PortalServers
) -> None:
    server = demo_portal.servers["127.0.0.1"]
    seeds, first, sha256 = crawled_once(workspace, demo_portal)
    url = demo_portal.url("127.0.0.1", R2020)
    con = sqlite3.connect(workspace.db_file)
    remove(workspace, blob_key(sha256))
    assert not workspace.open_archive().has_blob(sha256)

    before = len(server.log)
    second = workspace.run("crawl", "--seeds", seeds, "--format", "json", "--full")
    assert second.returncode == 0, second.stderr
    summary = second.json()
    statuses = [
        s
        for (s,) in con.execute(
            "select status from captures where url = ? and crawl_id = ? order by id",
            (url, summary["crawl_id"]),
        )
    ]
    assert statuses == [304, 200]  # validated, then asked again whole
    assert server.log[before:].count(f"GET {R2020}") == 2
    assert workspace.open_archive().get_blob(sha256)  # the same bytes, stored again
    assert summary["totals"]["reports"] == first.json()["totals"]["reports"]
    assert not any(site["failures"] for site in summary["sites"].values())
    assert not any(summary["totals"].get(k) for k in ("new", "revised", "withdrawn"))


def test_a_resumed_crawl_fetches_again_what_the_archive_lost(
    workspace: Workspace, demo_portal: PortalServers
) -> None:
    """A page the interrupted crawl had captured is answered from the archive when the crawl
    resumes; when its bytes are lost, it is fetched again instead of failing the portal."""
    server = demo_portal.servers["127.0.0.1"]
    seeds, _, sha256 = crawled_once(workspace, demo_portal)
    con = sqlite3.connect(workspace.db_file)
    with con:  # as if its process had died before the end: the next run resumes it
        con.execute("update crawls set status = 'running', owner = null")
    remove(workspace, blob_key(sha256))

    before = len(server.log)
    second = workspace.run("crawl", "--seeds", seeds, "--format", "json")
    assert second.returncode == 0, second.stderr
    summary = second.json()
    assert summary["resumed"] is True
    assert server.log[before:].count(f"GET {R2020}") == 1  # the one page whose bytes were lost
    assert server.log[before:].count("GET /index.html") == 0  # the rest from the archive
    assert workspace.open_archive().get_blob(sha256)
    assert not any(site["failures"] for site in summary["sites"].values())
