"""WARC output read back by warcio's own reader, digests checked."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.capture_store import CaptureStore
from archive.db import open_database
from archive.warc import HttpExchange, RotatingWarcWriter, warc_sha256


def exchange(url: str, body: bytes) -> HttpExchange:
    return HttpExchange(
        url=url,
        method="GET",
        request_headers=[("User-Agent", "nianbao-test")],
        request_body=b"",
        status=200,
        reason="OK",
        response_headers=[("Content-Type", "application/pdf")],
        body=body,
        fetched_at=datetime.now(UTC),
    )


def read_records(folder: Path) -> list[tuple[str, str | None, bytes, bool | None]]:
    out = []
    for path in sorted(folder.glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh, check_digests=True):
                body = rec.content_stream().read()
                assert not rec.digest_checker.problems, rec.digest_checker.problems
                out.append(
                    (
                        rec.rec_type,
                        rec.rec_headers.get_header("WARC-Target-URI"),
                        body,
                        rec.digest_checker.passed,
                    )
                )
    return out


def test_capture_store_writes_response_then_revisit(tmp_path: Path) -> None:
    sessions = open_database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    store = CaptureStore(tmp_path / "archive", sessions)
    pdf = b"%PDF-1.4 report bytes"
    first = store.record(exchange("http://127.0.0.1/a.pdf", pdf))
    second = store.record(exchange("http://127.0.0.1/a.pdf", pdf))
    mirror = store.record(exchange("http://127.0.0.1/copy-of-a.pdf", pdf))
    store.close()
    assert first.warc_type == "response" and first.new_payload
    assert second.warc_type == "revisit" and not second.new_payload and second.changed is False
    assert mirror.warc_type == "revisit" and mirror.changed is None
    assert first.sha256 == hashlib.sha256(pdf).hexdigest()
    assert len(list((tmp_path / "archive" / "blobs").glob("??/??/*"))) == 1

    records = read_records(tmp_path / "archive" / "warc")
    kinds = [r[0] for r in records]
    assert kinds == ["warcinfo", "response", "request", "revisit", "request", "revisit", "request"]
    response = records[1]
    assert response[2].endswith(pdf) and response[3] is True


def test_payload_digest_is_the_blob_sha256(tmp_path: Path) -> None:
    writer = RotatingWarcWriter(tmp_path)
    body = b"<html>report</html>"
    loc = writer.write_exchange(exchange("http://127.0.0.1/r.html", body))
    writer.close()
    with open(tmp_path / loc.filename, "rb") as fh:
        fh.seek(loc.offset)
        rec = next(iter(ArchiveIterator(fh)))
        assert rec.rec_headers.get_header("WARC-Payload-Digest") == warc_sha256(
            hashlib.sha256(body).hexdigest()
        )
        assert rec.content_stream().read() == body


def test_files_rotate_at_the_size_bound(tmp_path: Path) -> None:
    writer = RotatingWarcWriter(tmp_path, max_bytes=2000)
    for i in range(12):
        writer.write_exchange(exchange(f"http://127.0.0.1/{i}.pdf", bytes([i]) * 900))
    writer.close()
    files = sorted(tmp_path.glob("*.warc.gz"))
    assert len(files) > 2
    assert all(f.stat().st_size < 2000 + 3000 for f in files)
    assert sum(1 for r in read_records(tmp_path) if r[0] == "response") == 12
