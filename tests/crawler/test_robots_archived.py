"""robots.txt read from the archive the day after, and fetched again when its bytes are not.

A crawl within a day of the last one reads each host's robots.txt from the
archive instead of asking the server again.  When the archive lost those bytes
or they rotted, the file is fetched again and still obeyed: the crawl neither
fails nor walks a path the file forbids.
"""

from __future__ import annotations

import sqlite3

import pytest

from archive.archive import blob_key
from nianbao.demo.server import PortalServers
from tests.archive.tamper import remove, write
from tests.conftest import Workspace


@pytest.mark.parametrize("harm", ["lost", "rotten"])
def test_robots_bytes_lost_or_rotten_are_fetched_again(
    workspace: Workspace, demo_portal: PortalServers, harm: str
) -> None:
    server = demo_portal.servers["127.0.0.1"]
    home = demo_portal.url("127.0.0.1", "/index.html")
    seeds = str(workspace.seeds([("231083", "海林市", "county", "231000", home)]))

    def crawl() -> list[str]:
        before = len(server.log)
        done = workspace.run("crawl", "--seeds", seeds, "--format", "json")
        assert done.returncode == 0, done.stderr
        assert not any(s["failures"] for s in done.json()["sites"].values())
        return server.log[before:]

    assert "GET /robots.txt" in crawl()
    assert "GET /robots.txt" not in crawl()  # the day's copy, read from the archive
    [(sha256,)] = (
        sqlite3.connect(workspace.db_file)
        .execute("select distinct sha256 from captures where url like '%/robots.txt'")
        .fetchall()
    )
    if harm == "lost":
        remove(workspace, blob_key(sha256))
    else:
        write(workspace, blob_key(sha256), b"User-agent: *\nAllow: /\n")
    log = crawl()
    assert "GET /robots.txt" in log
    assert not any("/admin/" in line for line in log), "robots.txt Disallow was not obeyed"
