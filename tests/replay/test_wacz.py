"""``nianbao wacz``: a package `wacz validate` accepts and that replays in pywb on its own.

The second crawl's package is the hard case: nearly all of it is 304 revisits of
responses the first crawl made, so the package must carry those responses in.
pywb is given the package's WARC file alone, and every capture the package lists
replays with the archived bytes.  The same package is made from an S3 archive.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import zipfile
from pathlib import Path

from tests.conftest import make_workspace
from tests.replay.conftest import EDITED, REMOVED, Package, TwoCrawls
from tests.replay.tools import fetch, pywb_collection, run_tool
from tests.s3server import S3Server


def test_wacz_validate_accepts_the_package(second_night: Package, tmp_path: Path) -> None:
    proc = run_tool("wacz", "validate", "-f", str(second_night.path), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "Validation succeeded" in proc.stdout
    package = json.loads(second_night.read("datapackage.json"))
    assert package["wacz_version"] == "1.1.1"
    assert {r["path"] for r in package["resources"]} == {
        "archive/data.warc.gz",
        "indexes/index.cdx",
        "pages/pages.jsonl",
    }
    with zipfile.ZipFile(second_night.path) as zf:  # stored: replay reads the WARC by range
        assert all(i.compress_type == zipfile.ZIP_STORED for i in zf.infolist())


def test_one_page_per_report(two_crawls: TwoCrawls, second_night: Package) -> None:
    header, *pages = second_night.pages()
    assert header["format"] == "json-pages-1.0"
    reports = dict(two_crawls.rows("select id, title from reports order by id"))
    (removed,) = two_crawls.rows(
        "select report_id from documents where url = ?", two_crawls.url(REMOVED)
    )[0]
    # every report but the one taken down (this night has only its 404) has its page
    want = {f"report-{i}": t for i, t in reports.items() if i != removed}
    assert {p["id"]: p["title"] for p in pages} == want
    assert two_crawls.url(EDITED) in {p["url"] for p in pages}
    assert all(p["ts"].endswith("Z") for p in pages)


def test_the_package_alone_replays_every_capture_it_lists(
    two_crawls: TwoCrawls, second_night: Package, tmp_path: Path
) -> None:
    summary = second_night.summary
    rows = two_crawls.rows(
        "select url, status, sha256, warc_type from captures where crawl_id = ? order by id",
        two_crawls.crawls[1],
    )
    assert summary["captures"] == len(rows)
    revisits = {str(u) for u, _, _, t in rows if t == "revisit"}
    assert revisits and summary["carried"] == len(revisits)  # each 304 needs crawl 1's response
    assert summary["requires"] == []

    warc = tmp_path / "data.warc.gz"
    warc.write_bytes(second_night.read("archive/data.warc.gz"))
    listed = {entry["url"] for _, _, entry in second_night.index()}
    assert listed == {str(u) for u, *_ in rows}
    archive = two_crawls.ws.open_archive()
    with pywb_collection(tmp_path / "pywb", [warc]) as base:
        for url, status, sha256, _kind in rows:
            got, _headers, body = fetch(f"{base}id_/{url}")
            assert got == (200 if status == 304 else status), url
            assert body == archive.get_blob(str(sha256)), url


def test_an_s3_archive_packages_the_same_records(
    two_crawls: TwoCrawls, second_night: Package, s3_server: S3Server, tmp_path: Path
) -> None:
    """The package reads every byte through the Archive: the same WARC from a bucket."""
    root = tmp_path / "ws"
    root.mkdir()
    shutil.copy(two_crawls.ws.db_file, root / "nianbao.db")
    ws = make_workspace(root, s3_server)
    local, remote = two_crawls.ws.open_archive(), ws.open_archive()
    for name in local.warc_names():
        copy = tmp_path / name
        with local.open_warc(name) as src:
            copy.write_bytes(src.read())
        remote.store_warc(copy)
    for digest in local.blob_digests():
        remote.put_blob(local.get_blob(digest))
    out = tmp_path / "from-s3.wacz"
    run = ws.run("wacz", "--crawl", str(two_crawls.crawls[1]), "--out", str(out))
    assert run.returncode == 0, run.stderr
    from_s3 = Package(out, {})
    # the same records, byte for byte, after each package's own warcinfo record
    assert records(from_s3.read("archive/data.warc.gz")) == records(
        second_night.read("archive/data.warc.gz")
    )
    assert len(from_s3.index()) == len(second_night.index())


def records(warc: bytes) -> bytes:
    from io import BytesIO

    from archive.gzip_members import gzip_members

    (_, first), *_ = gzip_members(BytesIO(warc).read)
    return warc[first:]


def test_bad_selections_exit_2(two_crawls: TwoCrawls, tmp_path: Path) -> None:
    for args in (["--crawl", "999"], ["--region", "999999"]):
        run = two_crawls.ws.run("wacz", *args, "--out", str(tmp_path / "x.wacz"))
        assert run.returncode == 2, (args, run.stderr)
        assert not (tmp_path / "x.wacz").exists()


def test_a_region_package_holds_the_region_s_reports(two_crawls: TwoCrawls, tmp_path: Path) -> None:
    out = tmp_path / "hailin.wacz"
    run = two_crawls.ws.run("wacz", "--region", "231083", "--out", str(out), "--format", "json")
    assert run.returncode == 0, run.stderr
    con = sqlite3.connect(two_crawls.ws.db_file)
    total = con.execute("select count(*) from captures").fetchone()[0]
    con.close()
    assert run.json()["captures"] == total  # the demo archive holds this one portal
    assert run.json()["carried"] == 0  # both nights are in: nothing to carry
