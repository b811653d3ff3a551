"""Captures recorded as a group are the captures recorded one by one, with fewer disk waits."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest

from archive import durable
from archive.capture_store import CaptureJob, CaptureStore
from archive.db import open_database
from archive.models import Capture
from tests.archive.exchanges import exchange, read_records


def test_a_group_is_recorded_as_its_captures_would_be_one_by_one(tmp_path: Path) -> None:
    sessions = open_database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    store = CaptureStore(tmp_path / "archive", sessions)
    pdf, page = b"%PDF-1.4 report bytes", b"<html>list</html>"
    got = store.record_group(
        [
            CaptureJob(exchange("http://127.0.0.1/a.pdf", pdf), crawl_id=None),
            CaptureJob(exchange("http://127.0.0.1/list.html", page)),
            CaptureJob(exchange("http://127.0.0.1/copy-of-a.pdf", pdf)),  # same payload
        ]
    )
    store.close()
    assert [c.warc_type for c in got] == ["response", "response", "revisit"]
    assert [c.new_payload for c in got] == [True, True, False]
    assert got[2].sha256 == hashlib.sha256(pdf).hexdigest()
    assert len(list((tmp_path / "archive" / "blobs").glob("??/??/*"))) == 2
    kinds = [r[0] for r in read_records(tmp_path / "archive" / "warc")]
    assert kinds == ["warcinfo", "response", "request", "response", "request", "revisit", "request"]
    with sessions() as session:
        rows = session.query(Capture).order_by(Capture.id).all()
        assert [r.id for r in rows] == [c.capture_id for c in got]
        assert rows[2].warc_type == "revisit" and rows[0].warc_record_id


def test_no_row_is_committed_when_the_group_s_bytes_could_not_be_made_durable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sessions = open_database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    store = CaptureStore(tmp_path / "archive", sessions)

    def failing_fsync(fd: int) -> None:
        raise OSError("disk gone")

    monkeypatch.setattr(durable.os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="disk gone"):
        store.record_group(
            [
                CaptureJob(exchange(f"http://127.0.0.1/{n}.pdf", b"%PDF " + bytes([n])))
                for n in range(3)
            ]
        )
    monkeypatch.setattr(durable.os, "fsync", os.fsync)
    with sessions() as session:
        assert session.query(Capture).count() == 0
    assert not list((tmp_path / "archive" / "blobs").glob("??/??/*"))  # temporaries removed
    store.close()


def test_a_damaged_blob_is_replaced_and_a_payload_twice_in_a_group_stored_once(
    tmp_path: Path,
) -> None:
    from archive.archive import blob_key, open_archive

    archive = open_archive(tmp_path / "archive")
    good, other = b"%PDF right bytes", b"<html>other</html>"
    digest = hashlib.sha256(good).hexdigest()
    damaged = tmp_path / "archive" / blob_key(digest)
    damaged.parent.mkdir(parents=True)
    damaged.write_bytes(b"%PDF trunc")
    got = archive.put_blobs([good, other, other])
    assert [new for _, new in got] == [True, True, False]
    assert archive.get_blob(digest) == good
    assert len(list((tmp_path / "archive" / "blobs").glob("??/??/*"))) == 2


def test_a_group_s_own_rows_are_earlier_for_the_exchanges_after_them(tmp_path: Path) -> None:
    """A URL twice in one group is compared with itself; a 304 refers to the stored response."""
    from dataclasses import replace

    sessions = open_database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    store = CaptureStore(tmp_path / "archive", sessions)
    url = "http://127.0.0.1/r.html"
    page = replace(
        exchange(url, b"<html>v1</html>"),
        response_headers=[("Content-Type", "text/html"), ("ETag", '"v1"')],
    )
    first = store.record(page)
    nm = replace(page, status=304, reason="Not Modified", body=b"", response_headers=[])
    got = store.record_group(
        [
            CaptureJob(nm, validated_id=first.capture_id),  # unchanged, by the server's word
            CaptureJob(replace(page, body=b"<html>v2</html>")),  # changed in place
            CaptureJob(replace(page, body=b"<html>v2</html>")),  # as the one before it
            CaptureJob(replace(page, url=url + "?copy", body=b"<html>v2</html>")),
            CaptureJob(replace(page, body=b"<html>v1</html>")),  # back to the first
        ]
    )
    store.close()
    assert [c.changed for c in got] == [False, True, False, None, True]
    assert [c.warc_type for c in got] == ["revisit", "response", "revisit", "revisit", "revisit"]
    assert [c.new_payload for c in got] == [False, True, False, False, False]
    with sessions() as session:
        rows = session.query(Capture).order_by(Capture.id).all()
    refers = {r.id: r.warc_record_id for r in rows}
    kinds = {
        r.warc_record_id: headers.get("WARC-Refers-To")
        for r, headers in zip(rows, _revisit_headers(tmp_path), strict=True)
    }
    assert kinds[refers[got[0].capture_id]] == refers[first.capture_id]
    assert kinds[refers[got[2].capture_id]] == refers[got[1].capture_id]
    assert kinds[refers[got[3].capture_id]] == refers[got[1].capture_id]
    assert kinds[refers[got[4].capture_id]] == refers[first.capture_id]


def _revisit_headers(tmp_path: Path) -> list[dict[str, str]]:
    """The WARC headers of each response or revisit record, in the order written."""
    from warcio.archiveiterator import ArchiveIterator

    out = []
    for path in sorted((tmp_path / "archive" / "warc").glob("*.warc.gz")):
        with open(path, "rb") as fh:
            out += [
                dict(r.rec_headers.headers)
                for r in ArchiveIterator(fh)
                if r.rec_type in ("response", "revisit")
            ]
    return out
