"""Objects of a workspace's archive removed, read or overwritten behind its back.

As bit rot, a careless hand or a lost upload would, in a folder or in a bucket:
the tests of ``nianbao verify`` and of ``reindex`` then check that the archive
notices and says which object.
"""

from __future__ import annotations

from archive.storage import LocalStorage
from tests.conftest import Workspace


def remove(ws: Workspace, key: str) -> None:
    archive = ws.open_archive()
    if isinstance(archive.storage, LocalStorage):
        archive.storage.path(key).unlink()
    else:
        bucket, prefix = archive.storage.bucket, archive.storage.prefix  # type: ignore[attr-defined]
        ws.s3.client().delete_object(Bucket=bucket, Key=f"{prefix}/{key}")  # type: ignore[union-attr]


def read(ws: Workspace, key: str) -> bytes:
    return b"".join(ws.open_archive().storage.chunks(key))


def write(ws: Workspace, key: str, data: bytes) -> None:
    ws.open_archive().storage.put_bytes(key, data, if_absent=False)
