"""A 304 for a page whose bytes the archive lost: asked again whole, the bytes stored anew.

Conditional requests go out without asking the archive first whether it still
holds the validated capture's bytes (that look-up, one per request on the
reactor, is an HTTP round trip on S3).  When the archive did lose them, the
server's 304 cannot be replayed: the page is asked for again without
validators, read as on any night, and its bytes are back in the archive.
"""

from __future__ import annotations

import sqlite3

from archive.archive import blob_key
from nianbao.demo.server import PortalServers
from tests.archive.tamper import remove
from tests.conftest import Workspace
from tests.crawler.demo_changes import R2020


def test_a_304_of_lost_bytes_is_fetched_again_whole(
    workspace: Workspace, demo_portal: PortalServers
) -> None:
    server = demo_portal.servers["127.0.0.1"]
    seeds = str(
        workspace.seeds(
            [("231083", "海林市", "county", "231000", demo_portal.url("127.0.0.1", "/index.html"))]
        )
    )
    first = workspace.run("crawl", "--seeds", seeds, "--format", "json")
    assert first.returncode == 0, first.stderr
    url = demo_portal.url("127.0.0.1", R2020)
    con = sqlite3.connect(workspace.db_file)
    [(sha256,)] = con.execute(
        "select sha256 from captures where url = ? and status = 200", (url,)
    ).fetchall()
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
