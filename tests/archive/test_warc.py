"""WARC output read back by warcio's own reader, digests checked."""

from __future__ import annotations

import hashlib
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.capture_store import CaptureStore
from archive.db import open_database
from archive.warc import RotatingWarcWriter
from archive.warc_records import warc_sha256
from tests.archive.exchanges import exchange, read_records


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


def test_a_304_is_a_revisit_that_replay_engines_resolve_to_the_earlier_payload(
    tmp_path: Path,
) -> None:
    """identical-payload-digest, WARC-Refers-To* of the response, no HTTP block (so pywb
    serves the earlier status, headers and bytes); the 304 kept in a header and a metadata
    record, and in the database; ``reindex`` gives back the same rows."""
    from dataclasses import replace

    from sqlalchemy import select

    from archive.archive import open_archive
    from archive.models import Capture
    from archive.reindex import reindex_archive

    sessions = open_database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    store = CaptureStore(tmp_path / "archive", sessions)
    page = exchange("http://127.0.0.1/r.html", b"<html>report</html>")
    page = replace(page, response_headers=[("Content-Type", "text/html"), ("ETag", '"v1"')])
    first = store.record(page)
    nm = replace(
        page, status=304, reason="Not Modified", body=b"", response_headers=[("ETag", '"v1"')]
    )
    second = store.record(nm, validated_id=first.capture_id)
    store.close()
    records = []
    for path in sorted((tmp_path / "archive" / "warc").glob("*.warc.gz")):
        with open(path, "rb") as fh:
            records += [
                (r.rec_type, dict(r.rec_headers.headers), r.content_stream().read())
                for r in ArchiveIterator(fh)
            ]
    kinds = [k for k, _, _ in records]
    assert kinds == ["warcinfo", "response", "request", "revisit", "metadata", "request"]
    response, revisit, meta = records[1][1], records[3][1], records[4]
    assert revisit["WARC-Profile"].endswith("/revisit/identical-payload-digest")
    assert revisit["WARC-Refers-To"] == response["WARC-Record-ID"]
    assert revisit["WARC-Refers-To-Target-URI"] == page.url
    assert revisit["WARC-Refers-To-Date"] == response["WARC-Date"]
    assert revisit["WARC-Payload-Digest"] == response["WARC-Payload-Digest"]
    assert revisit["WARC-Nianbao-Server-Not-Modified"] == "304 Not Modified"
    assert records[3][2] == b""  # no HTTP block: a replay takes the earlier one
    assert meta[1]["WARC-Concurrent-To"] == revisit["WARC-Record-ID"]
    assert meta[1]["Content-Type"] == "application/warc-fields"
    assert meta[2] == b'http-status: 304 Not Modified\r\nhttp-header: ETag: "v1"\r\n'

    columns = [c.key for c in Capture.__table__.columns if c.key != "id"]
    with sessions() as session:
        before = [{c: getattr(row, c) for c in columns} for row in session.scalars(select(Capture))]
    assert [r["status"] for r in before] == [200, 304] and second.warc_type == "revisit"
    again = open_database(f"sqlite:///{tmp_path / 'again.sqlite'}")
    assert reindex_archive(again, open_archive(tmp_path / "archive")).as_dict()["ok"]
    with again() as session:
        after = [{c: getattr(row, c) for c in columns} for row in session.scalars(select(Capture))]
    for row in before + after:
        row["fetched_at"] = row["fetched_at"].replace(tzinfo=None)
    assert after == before
