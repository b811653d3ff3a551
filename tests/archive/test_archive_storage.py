"""The Archive over both backends: a folder and a real S3 server (moto) on loopback.

Blobs are stored once under their sha256 and verified on read; WARC files reach their
real name only whole; a spooled file a crash left behind is cut back and stored.
"""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest

from archive.archive import Archive, BlobCorrupted, BlobMissing, blob_key, open_archive
from archive.s3_storage import S3Storage
from archive.storage import LocalStorage
from archive.warc import RotatingWarcWriter
from tests.archive.exchanges import exchange
from tests.s3server import S3Server


@pytest.fixture(params=["local", "s3"])
def archive(request: pytest.FixtureRequest, tmp_path: Path) -> Archive:
    if request.param == "local":
        return open_archive(tmp_path / "archive")
    server: S3Server = request.getfixturevalue("s3_server")
    return server.archive(f"s3://{server.new_bucket()}/some/prefix", tmp_path / "spool")


def damage(archive: Archive, key: str, data: bytes) -> None:
    """Overwrite an object behind the archive's back (as bit rot or a careless hand would)."""
    assert archive.storage.put_bytes(key, data, if_absent=False)


def test_blob_stored_once_under_its_sha256(archive: Archive) -> None:
    data = "海林市2020年政府信息公开工作年度报告".encode()
    digest, new = archive.put_blob(data)
    assert digest == hashlib.sha256(data).hexdigest() and new is True
    assert archive.put_blob(data) == (digest, False)
    assert archive.get_blob(digest) == data
    assert list(archive.blob_digests()) == [digest]
    where = archive.blob_location(digest)
    assert where.endswith(f"blobs/{digest[:2]}/{digest[2:4]}/{digest}")
    if isinstance(archive.storage, LocalStorage):
        assert Path(where).read_bytes() == data  # today's layout on disk, unchanged
    else:
        assert where.startswith("s3://") and "/some/prefix/blobs/" in where


def test_blob_read_detects_corruption_and_absence(archive: Archive) -> None:
    digest, _ = archive.put_blob(b"original bytes")
    damage(archive, blob_key(digest), b"tampered bytes")
    with pytest.raises(BlobCorrupted, match=digest):
        archive.get_blob(digest)
    with pytest.raises(BlobCorrupted):
        archive.verify_blob(digest)
    # same size, so only the hash can tell; a put of the true bytes keeps the evidence
    assert archive.put_blob(b"original bytes")[1] is False
    missing = hashlib.sha256(b"never stored").hexdigest()
    assert not archive.has_blob(missing)
    with pytest.raises(BlobMissing):
        archive.get_blob(missing)


def test_blob_of_the_wrong_size_is_replaced_by_the_true_bytes(archive: Archive) -> None:
    digest, _ = archive.put_blob(b"the archived payload")
    damage(archive, blob_key(digest), b"cut")
    assert archive.put_blob(b"the archived payload") == (digest, True)
    assert archive.get_blob(digest) == b"the archived payload"


def test_streamed_in_chunks_without_reading_the_whole(archive: Archive) -> None:
    data = bytes(range(256)) * 40_000  # 10 MB
    digest, _ = archive.put_blob(data)
    pieces = list(archive.blob_chunks(digest, chunk=1 << 20))
    assert len(pieces) >= 10 and max(len(p) for p in pieces) <= 1 << 20
    assert b"".join(pieces) == data


def test_rejects_keys_that_are_not_digests(archive: Archive) -> None:
    with pytest.raises(ValueError):
        archive.has_blob("../../etc/passwd")


@pytest.mark.parametrize("key", ["", "../outside", "warcs/../../outside", "warcs//x", "./x"])
def test_either_backend_refuses_a_key_that_could_leave_its_root(archive: Archive, key: str) -> None:
    """Below the archive's own names, the store itself keeps every key inside its folder or
    its bucket's prefix."""
    with pytest.raises(ValueError, match="not an archive key"):
        archive.storage.size(key)
    with pytest.raises(ValueError, match="not an archive key"):
        archive.storage.put_bytes(key, b"x", if_absent=True)


def test_warc_reaches_its_name_only_when_complete(archive: Archive) -> None:
    writer = RotatingWarcWriter(archive.spool, on_complete=archive.store_warc)
    loc = writer.write_exchange(exchange("http://127.0.0.1/r.html", b"<html>report</html>"))
    assert archive.warc_names() == [] and archive.spooled(loc.filename)
    writer.close()
    assert archive.warc_names() == [loc.filename] and not archive.spooled(loc.filename)
    with archive.open_warc(loc.filename) as fh:
        assert gzip.decompress(fh.read()).count(b"WARC/1.1") == 3  # warcinfo, response, request


def test_a_crash_leftover_is_cut_to_whole_records_and_stored(archive: Archive) -> None:
    writer = RotatingWarcWriter(archive.spool, on_complete=archive.store_warc)
    loc = writer.write_exchange(exchange("http://127.0.0.1/a.pdf", b"%PDF-1.4 a"))
    writer.write_exchange(exchange("http://127.0.0.1/b.pdf", b"%PDF-1.4 b" * 100))
    path = archive.spool / loc.filename
    assert archive.recover_spool() == []  # a live writer's file is never taken
    whole = path.stat().st_size
    writer._sync()
    writer._fh.close()  # type: ignore[union-attr]  (a crash: no close, no store)
    with open(path, "r+b") as fh:  # the last record half written
        fh.truncate(whole - 40)
    assert archive.recover_spool() == [loc.filename]
    assert not path.exists()
    with archive.open_warc(loc.filename) as fh:
        text = gzip.decompress(fh.read())
    assert b"a.pdf" in text and text.count(b"WARC/1.1") == 4  # the cut request is gone


def test_s3_backend_uploads_only_when_absent(s3_server: S3Server, tmp_path: Path) -> None:
    bucket = s3_server.new_bucket()
    archive = s3_server.archive(f"s3://{bucket}", tmp_path / "spool")
    assert isinstance(archive.storage, S3Storage) and archive.storage.prefix == ""
    digest, _ = archive.put_blob(b"payload")
    client = s3_server.client()
    first = client.head_object(Bucket=bucket, Key=blob_key(digest))["LastModified"]
    assert archive.storage.put_bytes(blob_key(digest), b"payload") is False
    assert client.head_object(Bucket=bucket, Key=blob_key(digest))["LastModified"] == first
