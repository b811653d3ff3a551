"""Two crawls at once on one database and one archive: both finish, nothing doubled.

Each crawl owns its own crawl row; regions, portals, organs, reports and
documents they both reach are created once (by unique constraint), the payloads
they share are stored once, and the archive verifies clean afterwards.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from archive.archive import open_archive
from nianbao.demo.hailin_portal import hailin_site
from nianbao.demo.server import PortalServers
from tests.conftest import Workspace, make_workspace
from tests.s3server import S3Server

#: two counties under two prefectures of one province: the province row is shared
PORTALS = {
    "127.0.0.1": ("231083", "海林市", "county", "231000"),
    "127.0.0.2": ("230804", "前进区", "county", "230800"),
}


def crawl_both_at_once(ws: Workspace, servers: PortalServers) -> list[str]:
    procs = []
    for address, (code, name, level, parent) in PORTALS.items():
        seeds = ws.seeds(
            [(code, name, level, parent, servers.url(address, "/index.html"))], f"{code}.csv"
        )
        procs.append(ws.popen("crawl", "--seeds", str(seeds), "--format", "json"))
    outs = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err
        assert "IntegrityError" not in err and "Traceback" not in err, err
        outs.append(out)
    return outs


def check_database(url: str, ws: Workspace, blobs: set[str]) -> None:
    engine = create_engine(url)
    with engine.connect() as conn:
        q = lambda sql: conn.execute(text(sql)).all()  # noqa: E731
        crawls = q("select id, status, owner from crawls order by id")
        assert len(crawls) == 2 and all(c.status == "finished" for c in crawls), crawls
        assert crawls[0].owner != crawls[1].owner
        # each crawl's captures are its own portal's
        per_crawl = q("select crawl_id, count(distinct portal_id) from captures group by crawl_id")
        assert sorted(n for _, n in per_crawl) == [1, 1]
        assert q("select code from regions where code = '230000'") == [("230000",)]
        assert not q("select url from documents group by url having count(*) > 1")
        assert not q(
            "select organ_id, year from reports group by organ_id, year having count(*) > 1"
        )
        # the same site served for two regions: each region has its own organs and reports
        organs = q("select region_code, count(*) from organs group by region_code")
        assert sorted(code for code, _ in organs) == ["230804", "231083"], organs
        assert len({n for _, n in organs}) == 1
        digests = {
            d for (d,) in q("select distinct sha256 from captures where warc_type = 'response'")
        }
    engine.dispose()
    assert digests <= blobs  # every payload stored, each once (named by its sha256)


@pytest.fixture
def two_portals() -> PortalServers:
    with PortalServers({a: hailin_site() for a in PORTALS}, port=0) as servers:
        yield servers


@pytest.mark.postgres
def test_two_crawls_at_once_on_postgres_and_s3(
    tmp_path: Path, two_portals: PortalServers, pg_url: str, s3_server: S3Server
) -> None:
    workspace = make_workspace(tmp_path, s3_server)
    workspace.env["NIANBAO_DB"] = pg_url
    crawl_both_at_once(workspace, two_portals)
    archive = s3_server.archive(workspace.env["NIANBAO_ARCHIVE"], tmp_path / "spool")
    check_database(pg_url, workspace, set(archive.blob_digests()))
    run = workspace.run("verify", "--format", "json")
    assert run.returncode == 0 and run.json()["problems"] == [], run.stdout + run.stderr


def test_two_crawls_at_once_on_sqlite(workspace: Workspace, two_portals: PortalServers) -> None:
    crawl_both_at_once(workspace, two_portals)
    blobs = set(open_archive(workspace.archive).blob_digests())
    check_database(workspace.env["NIANBAO_DB"], workspace, blobs)
