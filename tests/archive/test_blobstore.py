"""The blob store: stored once under the sha256, atomic, verified on read."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from archive.blobstore import BlobCorrupted, BlobStore


def test_put_stores_once_under_sha256(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    data = "海林市2020年政府信息公开工作年度报告".encode()
    digest, new = store.put(data)
    assert digest == hashlib.sha256(data).hexdigest()
    assert new is True
    assert store.path_for(digest).read_bytes() == data
    assert store.path_for(digest).parent.parent.name == digest[:2]
    again, new_again = store.put(data)
    assert (again, new_again) == (digest, False)
    assert list(store.iter_digests()) == [digest]


def test_read_detects_corruption(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    digest, _ = store.put(b"original bytes")
    store.path_for(digest).write_bytes(b"tampered bytes")
    with pytest.raises(BlobCorrupted, match=digest):
        store.get(digest)


def test_crash_leftovers_never_carry_a_real_name(tmp_path: Path) -> None:
    store = BlobStore(tmp_path)
    digest, _ = store.put(b"x")
    leftover = store.path_for(digest).parent / ".tmp-abc123"
    leftover.write_bytes(b"half a blo")
    assert list(store.iter_digests()) == [digest]
    assert store.clean_temporaries() == 1
    assert not leftover.exists()


def test_rejects_names_that_are_not_digests(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        BlobStore(tmp_path).path_for("../../etc/passwd")
