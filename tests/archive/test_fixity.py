"""``nianbao verify`` names every damaged or missing object, in a folder and in a bucket.

A corrupted blob, a missing blob, a WARC file whose last record is cut or fails its
gzip CRC, and an empty index over a full archive (the database lost) each make the
check fail with a problem that names the object.
"""

from __future__ import annotations

from archive.archive import blob_key, warc_key
from nianbao.demo.server import PortalServers
from tests.archive.tamper import read, remove, write
from tests.conftest import Workspace


def problems(ws: Workspace) -> list[str]:
    run = ws.run("verify", "--format", "json")
    assert run.returncode == (0 if run.json()["ok"] else 1), run.stderr
    return list(run.json()["problems"])


def test_verify_names_damaged_and_missing_objects(
    any_workspace: Workspace, demo_portal: PortalServers
) -> None:
    ws = any_workspace
    seeds = ws.seeds(
        [("231083", "海林市", "county", "231000", demo_portal.url("127.0.0.1", "/index.html"))]
    )
    assert ws.run("crawl", "--seeds", str(seeds)).returncode == 0
    ok = ws.run("verify", "--format", "json")
    assert ok.returncode == 0 and ok.json()["ok"] and ok.json()["blobs"] >= 8, ok.stdout
    assert ok.json()["notes"] == []
    archive = ws.open_archive()
    digests = sorted(archive.blob_digests())

    corrupted = digests[0]
    write(ws, blob_key(corrupted), read(ws, blob_key(corrupted)) + b"!")
    found = problems(ws)
    assert any(corrupted in p and "no longer matches" in p for p in found), found

    missing = digests[1]
    remove(ws, blob_key(missing))
    found = problems(ws)
    assert any(missing in p and "missing" in p for p in found), found

    (name,) = archive.warc_names()
    whole = read(ws, warc_key(name))
    write(ws, warc_key(name), whole[:-25])  # the last record cut short
    found = problems(ws)
    assert any(name in p and "cut short" in p for p in found), found

    bad_crc = bytearray(whole)
    bad_crc[-6] ^= 0xFF  # the last member's CRC-32 no longer matches its bytes
    write(ws, warc_key(name), bytes(bad_crc))
    found = problems(ws)
    assert any(name in p and "damaged" in p for p in found), found


def test_verify_fails_on_an_empty_index_over_a_full_archive(
    workspace: Workspace, demo_portal: PortalServers
) -> None:
    seeds = workspace.seeds(
        [("231083", "海林市", "county", "231000", demo_portal.url("127.0.0.1", "/index.html"))]
    )
    assert workspace.run("crawl", "--seeds", str(seeds)).returncode == 0
    workspace.db_file.unlink()
    found = problems(workspace)
    assert any("indexes no capture" in p and "reindex" in p for p in found), found
