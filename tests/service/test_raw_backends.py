"""``/raw/<id>`` streams the archived bytes from either backend, re-hashed, never whole.

A 3 MB capture is served in pieces with its archived headers; a corrupted object
answers 500 without a byte of it, a missing one 404.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from archive.archive import Archive, blob_key, open_archive
from archive.capture_store import CaptureStore
from archive.db import open_database
from nianbao.config import Settings
from nianbao.web.app import create_app
from tests.archive.exchanges import exchange
from tests.s3server import S3Server


@pytest.fixture(params=["local", "s3"])
def archive_spec(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[str, Archive]:
    if request.param == "local":
        return str(tmp_path / "archive"), open_archive(tmp_path / "archive")
    server: S3Server = request.getfixturevalue("s3_server")
    for key, value in server.env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("NIANBAO_SPOOL", str(tmp_path / "spool"))
    spec = f"s3://{server.new_bucket()}/raw"
    return spec, server.archive(spec, tmp_path / "spool")


def test_raw_streams_from_either_backend(archive_spec: tuple[str, Archive], tmp_path: Path) -> None:
    spec, archive = archive_spec
    db = f"sqlite:///{tmp_path / 'nianbao.db'}"
    store = CaptureStore(archive, open_database(db))
    body = bytes(range(256)) * 12_000  # 3 MB
    cap = store.record(exchange("http://127.0.0.1/big.pdf", body))
    store.close()
    with TestClient(create_app(Settings(db_url=db, archive_dir=spec))) as client:
        with client.stream("GET", f"/raw/{cap.capture_id}") as resp:
            assert resp.status_code == 200
            csp = resp.headers["content-security-policy"]
            assert csp.startswith("sandbox;") and "default-src 'none'" in csp
            assert resp.headers["content-type"] == "application/pdf"
            assert resp.headers["content-length"] == str(len(body))
            pieces = list(resp.iter_raw())
        assert b"".join(pieces) == body and len(pieces) >= 3
        head = client.head(f"/raw/{cap.capture_id}")
        assert head.status_code == 200 and head.headers["content-length"] == str(len(body))

        archive.storage.put_bytes(blob_key(cap.sha256), b"<script>x</script>", if_absent=False)
        bad = client.get(f"/raw/{cap.capture_id}")
        assert bad.status_code == 500 and "script" not in bad.text
        captures = client.get("/api/captures", params={"url": "http://127.0.0.1/big.pdf"}).json()
        assert captures["captures"][0]["warc"]["file"].endswith(".warc.gz")
