"""A hostile attachment costs its own parse, never the crawl: archived, failed, and the rest goes on."""

from __future__ import annotations

import hashlib
import sqlite3

from nianbao.demo.hailin_portal import demo_sites
from nianbao.demo.server import PortalServers
from parsers import PARSER_VERSION
from tests.conftest import Workspace
from tests.hostile import generators_pdf as pdf

ATTACHMENT = "/zwgk/xxgknb/202101/P020210120_caizheng.pdf"


def test_crawl_survives_a_memory_bomb_attachment(workspace: Workspace) -> None:
    sites = demo_sites()
    hailin = next(s for s in sites.values() if ATTACHMENT in s.files)
    # OCR would render it as a 40000² image; a comment line makes it big enough that the
    # crawl takes it for a document at all (a few hundred bytes are "not a report")
    bomb = pdf.pdf_huge_page().replace(b"\n", b"\n%" + b"0" * 1024 + b"\n", 1)
    hailin.files[ATTACHMENT] = ("application/pdf", bomb)
    with PortalServers(sites, port=0) as servers:
        seeds = workspace.seeds(
            [("231083", "海林市", "county", "231000", servers.url("127.0.0.1", "/index.html"))]
        )
        run = workspace.run("crawl", "--seeds", str(seeds), "--format", "json", timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    summary = run.json()
    assert summary["finish_reason"] == "finished"
    assert summary["sites"]["231083"]["reports"] == 4
    digest = hashlib.sha256(bomb).hexdigest()
    assert (workspace.archive / "blobs" / digest[:2] / digest[2:4] / digest).exists()
    with sqlite3.connect(workspace.db_file) as db:
        status = db.execute("select status from crawls order by id desc limit 1").fetchone()
        captured = db.execute(
            "select count(*) from captures where sha256 = ?", (digest,)
        ).fetchone()
        parsed = db.execute(
            "select parsed, parser_version from report_versions where sha256 = ?", (digest,)
        ).fetchall()
        flagged = db.execute(
            "select parse_error, parse_error_version from captures where sha256 = ?", (digest,)
        ).fetchone()
    assert status == ("finished",)  # not left "running" for a resume to die on again
    assert captured == (1,)
    # its version holds no parse, under this parser version: a resume does not parse it again
    assert parsed and all(p in (None, "null") and v == PARSER_VERSION for p, v in parsed), parsed
    # and the capture says why, in one line
    assert flagged[0].startswith("too large:") and flagged[1] == PARSER_VERSION, flagged
    assert any("too large:" in n for n in summary["sites"]["231083"]["not_parsed"])
