"""Where the archive's objects live: a local folder or an S3-compatible bucket.

The interface is deliberately small (keys are ``/``-separated paths relative to the
archive's root, e.g. ``blobs/ab/cd/<sha256>`` or ``warc/<name>.warc.gz``), so that
the :class:`archive.archive.Archive` above it owns the layout and every backend
only moves bytes.  Both backends write an object under its real name only once it
is complete: locally through a temporary file renamed into place, on S3 with one
``PUT`` of the whole object (S3 never shows a half-uploaded object).

This module holds the interface and the folder backend; the bucket backend is
:mod:`archive.s3_storage`.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Protocol

CHUNK = 1024 * 1024


class ObjectMissing(Exception):
    """The archive holds no object under this key."""


class Storage(Protocol):
    """The few operations the archive needs from a place that keeps bytes."""

    def describe(self, key: str) -> str:
        """A human- and tool-readable address of ``key`` (a path or an ``s3://`` URL)."""
        ...

    def size(self, key: str) -> int | None:
        """The object's size, or None when there is no such object."""
        ...

    def put_bytes(self, key: str, data: bytes, if_absent: bool = True) -> bool:
        """Store ``data`` under ``key``; with ``if_absent``, never replace an object (False)."""
        ...

    def put_file(self, key: str, path: Path) -> None:
        """Store a complete local file under ``key`` (it may be moved away)."""
        ...

    def open(self, key: str, start: int = 0) -> IO[bytes]:
        """A readable stream of the object from ``start`` (for warcio's readers)."""
        ...

    def chunks(self, key: str, chunk: int = CHUNK) -> Iterator[bytes]:
        """The object's bytes in pieces of at most ``chunk`` bytes."""
        ...

    def keys(self, prefix: str) -> Iterator[str]:
        """Every key under ``prefix`` (sorted), temporaries excluded."""
        ...


def key_parts(key: str) -> list[str]:
    """An archive key's segments; a key that could leave its root or prefix is refused."""
    parts = key.split("/")
    if not key or any(p in ("", ".", "..") for p in parts):
        raise ValueError(f"not an archive key: {key!r}")
    return parts


class LocalStorage:
    """A folder: ``key`` is a path below ``root``; today's on-disk layout, unchanged."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        return self.root.joinpath(*key_parts(key))

    def describe(self, key: str) -> str:
        return str(self.path(key).resolve())

    def size(self, key: str) -> int | None:
        try:
            return self.path(key).stat().st_size
        except (FileNotFoundError, NotADirectoryError):
            return None

    def put_bytes(self, key: str, data: bytes, if_absent: bool = True) -> bool:
        final = self.path(key)
        if if_absent and final.is_file():
            return False
        final.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=final.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, final)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        fsync_dir(final.parent)
        return True

    def put_many(self, items: list[tuple[str, bytes]], if_absent: bool = True) -> list[bool]:
        """``put_bytes`` for each (key, data), with one wait on the disk for all of them."""
        from archive.durable import put_files

        return put_files([self.path(k) for k, _ in items], [d for _, d in items], if_absent)

    def put_file(self, key: str, path: Path) -> None:
        final = self.path(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.replace(path, final)  # same file system: atomic
        except OSError:
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=final.parent)
            os.close(fd)
            shutil.copyfile(path, tmp)
            os.replace(tmp, final)
            path.unlink()
        fsync_dir(final.parent)

    def open(self, key: str, start: int = 0) -> IO[bytes]:
        try:
            fh = open(self.path(key), "rb")  # noqa: SIM115 (the caller closes it)
        except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
            raise ObjectMissing(key) from None
        fh.seek(start)
        return fh

    def chunks(self, key: str, chunk: int = CHUNK) -> Iterator[bytes]:
        with self.open(key) as fh:
            while piece := fh.read(chunk):
                yield piece

    def keys(self, prefix: str) -> Iterator[str]:
        base = self.path(prefix.rstrip("/"))
        if not base.is_dir():
            return
        found = []
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = [d for d in dirnames if not d.startswith(".")]
            for name in filenames:
                if not name.startswith("."):
                    found.append(Path(dirpath, name).relative_to(self.root).as_posix())
        yield from sorted(found)

    def clean_temporaries(self, prefix: str) -> int:
        """Remove temporaries a crash left behind; they never had a real name."""
        n = 0
        base = self.path(prefix.rstrip("/"))
        for path in base.rglob(".tmp-*") if base.is_dir() else ():
            path.unlink(missing_ok=True)
            n += 1
        return n


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
