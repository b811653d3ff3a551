"""The whole pipeline on the demo portal: the real spider, engine, database, WARC files, CLI.

Each test runs on both databases and both archive backends: SQLite with a local
folder, SQLite with an S3 bucket on a real S3 server (moto) on loopback, and the
PostgreSQL server on 127.0.0.1 with such a bucket.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from warcio.archiveiterator import ArchiveIterator

from nianbao.demo.server import PortalServers
from tests.conftest import Workspace, make_workspace

REPORT_2020 = "/zwgk/xxgknb/202102/t20210201_1001.html"
ATTACHMENT = "/zwgk/xxgknb/202101/P020210120_caizheng.pdf"
DECOYS = [
    "/zwgk/xxgknb/202101/t20210115_0998.html",  # 政府网站工作年度报表
    "/zwgk/xxgknb/202012/t20201210_0999.html",  # 通知 about compiling reports
    "/zwgk/xxgknb/202101/t20210118_0991.html",  # 企业年报
    "/zwgk/tjxx/202103/t20210310_0970.html",  # 统计公报
]


def seeds_for(ws: Workspace, servers: PortalServers) -> Path:
    return ws.seeds(
        [("231083", "海林市", "county", "231000", servers.url("127.0.0.1", "/index.html"))]
    )


@pytest.fixture(params=["sqlite+folder", "sqlite+s3", "postgresql+s3"])
def workspace(request: pytest.FixtureRequest, tmp_path: Path) -> Workspace:
    """The crawl on each storage: SQLite with a folder or a bucket, PostgreSQL with a bucket."""
    db, archive = request.param.split("+")
    ws = make_workspace(tmp_path, request.getfixturevalue("s3_server") if archive == "s3" else None)
    if db == "postgresql":
        ws.env["NIANBAO_DB"] = request.getfixturevalue("pg_url")
    return ws


def count(ws: Workspace, sql: str, **params: object) -> int:
    engine = create_engine(ws.env["NIANBAO_DB"])
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(sql), params).scalar() or 0)
    finally:
        engine.dispose()


def warc_types(ws: Workspace) -> list[str]:
    kinds = []
    archive = ws.open_archive()
    for name in archive.warc_names():
        with archive.open_warc(name) as fh:
            for rec in ArchiveIterator(fh, check_digests=True):
                rec.content_stream().read()
                assert not rec.digest_checker.problems
                kinds.append(rec.rec_type)
    return kinds


def blob_count(ws: Workspace) -> int:
    return sum(1 for _ in ws.open_archive().blob_digests())


def test_crawl_archives_reports_and_lookup_finds_them(
    workspace: Workspace, demo_portal: PortalServers
) -> None:
    seeds = seeds_for(workspace, demo_portal)
    run = workspace.run("crawl", "--seeds", str(seeds), "--format", "json")
    assert run.returncode == 0, run.stderr
    summary = run.json()
    site = summary["sites"]["231083"]
    assert site["reports"] == 4 and site["attachments"] == 1, site
    assert site["failures"] == []
    assert site["rendered"] == 0
    assert "crawl:" in run.stderr  # progress on stderr, JSON alone on stdout

    log = demo_portal.servers["127.0.0.1"].log
    assert "GET /robots.txt" in log
    assert not any("/admin/" in line for line in log), "robots.txt Disallow was not obeyed"

    served = demo_portal.servers["127.0.0.1"].site.files[REPORT_2020][1]
    look = workspace.run(
        "lookup", "url", demo_portal.url("127.0.0.1", REPORT_2020), "--format", "json"
    )
    assert look.returncode == 0, look.stderr
    caps = look.json()["captures"]
    assert len(caps) == 1
    assert caps[0]["sha256"] == hashlib.sha256(served).hexdigest()
    assert caps[0]["status"] == 200 and caps[0]["size"] == len(served)
    archive = workspace.open_archive()
    assert caps[0]["blob"] == archive.blob_location(caps[0]["sha256"])
    assert archive.get_blob(caps[0]["sha256"]) == served
    name = Path(caps[0]["warc"]["file"]).name
    assert caps[0]["warc"]["file"] == archive.warc_location(name)
    if workspace.s3 is None:  # a folder: the JSON names real files, in today's layout
        assert Path(caps[0]["blob"]).read_bytes() == served
        assert Path(caps[0]["warc"]["file"]).parent == workspace.archive.resolve() / "warc"
    else:
        assert caps[0]["blob"].startswith(workspace.archive_setting + "/blobs/")
    with archive.open_warc(name, caps[0]["warc"]["offset"]) as fh:
        assert next(iter(ArchiveIterator(fh))).content_stream().read() == served

    region = workspace.run("lookup", "region", "231083", "--format", "json").json()
    found = {(r["organ"], r["year"]) for r in region["reports"]}
    assert found == {
        ("海林市人民政府", 2019),
        ("海林市人民政府", 2020),
        ("海林市人民政府", 2021),
        ("海林市财政局", 2020),
    }
    sources = {u for r in region["reports"] for u in r["sources"]}
    assert demo_portal.url("127.0.0.1", ATTACHMENT) in sources
    for decoy in DECOYS:
        assert demo_portal.url("127.0.0.1", decoy) not in sources
    # the registry's regions above a seed come with it: the prefecture finds its county's reports
    city = workspace.run("lookup", "region", "牡丹江市", "--format", "json").json()
    assert city["region"]["code"] == "231000"
    assert {(r["organ"], r["year"]) for r in city["reports"]} == found
    by_name = workspace.run(
        "lookup", "region", "海林市", "--year", "2021", "--format", "json"
    ).json()
    assert [r["year"] for r in by_name["reports"]] == [2021]


def test_second_crawl_stores_unchanged_payloads_once(
    workspace: Workspace, demo_portal: PortalServers
) -> None:
    seeds = seeds_for(workspace, demo_portal)
    first = workspace.run("crawl", "--seeds", str(seeds), "--format", "json")
    assert first.returncode == 0, first.stderr
    blobs_after_first = blob_count(workspace)
    kinds_first = warc_types(workspace)
    # --full: every known page asked again (with validators), not only those due tonight
    second = workspace.run("crawl", "--seeds", str(seeds), "--format", "json", "--full")
    assert second.returncode == 0, second.stderr
    assert blob_count(workspace) == blobs_after_first
    kinds = warc_types(workspace)
    new_kinds = kinds[len(kinds_first) :]
    crawl_id = second.json()["crawl_id"]
    captures_second = count(
        workspace, "select count(*) from captures where crawl_id = :c", c=crawl_id
    )
    assert captures_second >= 8
    assert new_kinds.count("revisit") == captures_second  # robots.txt included
    assert new_kinds.count("response") == 0
    totals = second.json()["totals"]
    assert totals["new"] == 0 and totals["revised"] == 0, totals

    assert count(workspace, "select count(*) from alerts") == 4
    verify = workspace.run("verify", "--format", "json")
    assert verify.returncode == 0 and verify.json()["ok"], verify.stdout


def test_one_failing_site_does_not_stop_the_others(
    workspace: Workspace, demo_portal: PortalServers
) -> None:
    seeds = workspace.seeds(
        [
            ("231083", "海林市", "county", "231000", demo_portal.url("127.0.0.1", "/index.html")),
            # nothing listens on 127.0.0.3: connection refused
            ("230804", "前进区", "county", "230800", f"http://127.0.0.3:{demo_portal.port}/"),
        ]
    )
    run = workspace.run("crawl", "--seeds", str(seeds), "--format", "json")
    assert run.returncode == 0, run.stderr
    sites = run.json()["sites"]
    assert sites["231083"]["reports"] == 4
    assert sites["230804"]["failures"], sites["230804"]
    assert "refused" in " ".join(sites["230804"]["failures"]).lower()
