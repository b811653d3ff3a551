"""SIGKILL mid-crawl: no half blob, no capture without its bytes, and the next run completes."""

from __future__ import annotations

import signal
import sqlite3
import time
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from nianbao.demo.hailin_portal import demo_sites
from nianbao.demo.server import PortalServers
from tests.conftest import Workspace


def captures(db: Path) -> list[tuple[str, str, str, int]]:
    if not db.exists():
        return []
    try:
        con = sqlite3.connect(db)
        return con.execute("select sha256, url, warc_file, warc_offset from captures").fetchall()
    except sqlite3.OperationalError:  # schema not there yet
        return []


def assert_archive_consistent(ws: Workspace, crashed: bool = False) -> None:
    """Every capture's bytes are kept; after a crash its WARC file may still be in the spool
    (never half under its real name); after a clean end every file is stored."""
    archive = ws.open_archive()
    held = set(archive.blob_digests())  # temporaries never carry a real name
    for digest in held:
        archive.verify_blob(digest)  # no half blob
    for sha, url, warc_file, offset in captures(ws.db_file):
        assert sha in held, f"{url}: blob missing"
        stored, spooled = archive.has_warc(warc_file), archive.spooled(warc_file)
        assert stored != spooled, f"{warc_file}: stored and spooled"
        assert crashed or stored, f"{warc_file} not stored after a clean end"
        if stored:
            fh = archive.open_warc(warc_file, offset)
        else:
            fh = open(archive.spool / warc_file, "rb")  # noqa: SIM115
            fh.seek(offset)
        with fh:
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_headers.get_header("WARC-Target-URI") == url
    if not crashed:
        assert not list(archive.spool.glob("*.warc.gz")), "a WARC file left in the spool"


def test_killed_crawl_leaves_a_consistent_archive_and_resumes(workspace: Workspace) -> None:
    # the real politeness settings: the counts of pages before and after the kill below
    # are those of a crawl paced as in production
    workspace.env.pop("NIANBAO_SCRAPY_SETTINGS")
    sites = demo_sites()
    for site in sites.values():
        site.delay = 0.4  # a slow portal, so the kill lands mid-crawl
    with PortalServers(sites, port=0) as servers:
        seeds = workspace.seeds(
            [("231083", "海林市", "county", "231000", servers.url("127.0.0.1", "/index.html"))]
        )
        proc = workspace.popen("crawl", "--seeds", str(seeds), "--format", "json")
        deadline = time.monotonic() + 120
        while len(captures(workspace.db_file)) < 4 and time.monotonic() < deadline:
            assert proc.poll() is None, proc.communicate()
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        before = len(captures(workspace.db_file))
        assert 4 <= before < 10, "the kill should land mid-crawl"
        assert_archive_consistent(workspace, crashed=True)
        served_before = len(servers.servers["127.0.0.1"].log)

        run = workspace.run("crawl", "--seeds", str(seeds), "--format", "json")
        assert run.returncode == 0, run.stderr
        summary = run.json()
        assert summary["resumed"] is True
        assert summary["sites"]["231083"]["reports"] == 4
        assert_archive_consistent(workspace)
        # pages fetched before the kill are answered from the archive, not fetched again
        refetched = len(servers.servers["127.0.0.1"].log) - served_before
        assert refetched <= 10 - before + 2

    con = sqlite3.connect(workspace.db_file)
    assert con.execute("select status from crawls").fetchall() == [("finished",)]
    verify = workspace.run("verify", "--format", "json")
    assert verify.returncode == 0, verify.stdout
