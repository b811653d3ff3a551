"""The archive: the one place that knows its layout, whatever backend holds the bytes.

Layout (the same in a folder and in a bucket)::

    blobs/ab/cd/<sha256>     each payload once, named by its sha256, verified on read
    warc/<name>.warc.gz      WARC 1.1 files, one gzip member per record

A WARC file is written in a local *spool* folder and stored under its real name
only when complete (rotation or the end of a crawl), so no reader ever sees half
a file under a real name.  A spooled file left by a crash is cut back to its last
whole record and stored by the next writer that opens the archive.  The database
keeps each capture's WARC object name (relative to ``warc/``), offset and length.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO
from urllib.parse import urlsplit

from archive.gzip_members import intact_length
from archive.s3_storage import S3Storage
from archive.storage import CHUNK, LocalStorage, ObjectMissing, Storage

BLOBS = "blobs"
WARC = "warc"
DEFAULT_SPOOL = "nianbao-data/spool"


class BlobCorrupted(Exception):
    """A blob's bytes no longer hash to its name."""


class BlobMissing(Exception):
    """No blob of that sha256 is in the archive."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_key(digest: str) -> str:
    if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError(f"not a sha256 hex digest: {digest!r}")
    return f"{BLOBS}/{digest[:2]}/{digest[2:4]}/{digest}"


def warc_key(name: str) -> str:
    if not name or "/" in name or name.startswith("."):
        raise ValueError(f"not a WARC file name: {name!r}")
    return f"{WARC}/{name}"


class Archive:
    """Blobs and WARC files over one :class:`~archive.storage.Storage`."""

    def __init__(self, storage: Storage, spool: Path, local_root: Path | None = None) -> None:
        self.storage = storage
        self.spool = spool
        #: the folder of a local archive; None on S3
        self.local_root = local_root

    @property
    def location(self) -> str:
        if self.local_root is not None:
            return str(self.local_root)
        assert isinstance(self.storage, S3Storage)
        base = f"s3://{self.storage.bucket}"
        return f"{base}/{self.storage.prefix}" if self.storage.prefix else base

    # --- blobs -------------------------------------------------------------------------

    def has_blob(self, digest: str) -> bool:
        return self.storage.size(blob_key(digest)) is not None

    def put_blob(self, data: bytes) -> tuple[str, bool]:
        """Store ``data`` once; return its sha256 and whether it was stored now.

        An object already under that name is kept unless its size shows it damaged
        (then the right bytes replace it: the name says what they must be).
        """
        digest = sha256_hex(data)
        key = blob_key(digest)
        held = self.storage.size(key)
        if held == len(data):
            return digest, False
        new = self.storage.put_bytes(key, data, if_absent=held is None)
        if self.storage.size(key) != len(data):
            raise BlobCorrupted(f"blob {digest}: stored object has the wrong size")
        return digest, new

    def put_blobs(self, datas: list[bytes]) -> list[tuple[str, bool]]:
        """``put_blob`` for many payloads, all durable when it returns (one disk wait locally).

        A payload twice in ``datas`` is stored once: its second place says not new.
        """
        out: list[tuple[str, bool]] = []
        todo: dict[str, tuple[bytes, bool]] = {}  # key -> (data, absent)
        for data in datas:
            digest = sha256_hex(data)
            key = blob_key(digest)
            held = None if key in todo else self.storage.size(key)
            if key not in todo and held != len(data):
                todo[key] = (data, held is None)
                out.append((digest, True))
            else:
                out.append((digest, False))
        put_many = getattr(self.storage, "put_many", None)
        absent = [(k, d) for k, (d, a) in todo.items() if a]
        damaged = [(k, d) for k, (d, a) in todo.items() if not a]  # wrong size: replaced
        if put_many is not None:
            new = dict(zip((k for k, _ in absent), put_many(absent), strict=True))
            new |= dict(
                zip((k for k, _ in damaged), put_many(damaged, if_absent=False), strict=True)
            )
        else:
            new = {k: self.storage.put_bytes(k, d, if_absent=a) for k, (d, a) in todo.items()}
        for key, (data, _) in todo.items():
            if self.storage.size(key) != len(data):
                raise BlobCorrupted(
                    f"blob {key.rsplit('/', 1)[-1]}: stored object has the wrong size"
                )
        return [(d, was and new[blob_key(d)]) for d, was in out]

    def blob_chunks(self, digest: str, chunk: int = CHUNK) -> Iterator[bytes]:
        """The blob's bytes in pieces, re-hashed: raises BlobCorrupted after the last piece."""
        h = hashlib.sha256()
        try:
            for piece in self.storage.chunks(blob_key(digest), chunk):
                h.update(piece)
                yield piece
        except ObjectMissing:
            raise BlobMissing(f"blob {digest} missing") from None
        if h.hexdigest() != digest:
            raise BlobCorrupted(f"blob {digest} no longer matches its sha256")

    def verify_blob(self, digest: str) -> None:
        """Re-hash a blob without holding it; raises BlobMissing or BlobCorrupted."""
        for _ in self.blob_chunks(digest):
            pass

    def get_blob(self, digest: str) -> bytes:
        """A blob's bytes, verified against its name."""
        return b"".join(self.blob_chunks(digest))

    def blob_digests(self) -> Iterator[str]:
        for key in self.storage.keys(BLOBS):
            name = key.rsplit("/", 1)[-1]
            if key == blob_key_or_none(name):
                yield name

    def blob_location(self, digest: str) -> str:
        return self.storage.describe(blob_key(digest))

    # --- WARC files --------------------------------------------------------------------

    def warc_names(self) -> list[str]:
        return [k.split("/", 1)[1] for k in self.storage.keys(WARC) if k.endswith(".warc.gz")]

    def has_warc(self, name: str) -> bool:
        return self.storage.size(warc_key(name)) is not None

    def open_warc(self, name: str, offset: int = 0) -> IO[bytes]:
        """A stream of a stored WARC file from ``offset`` (raises ObjectMissing)."""
        return self.storage.open(warc_key(name), offset)

    def warc_location(self, name: str) -> str:
        return self.storage.describe(warc_key(name))

    def store_warc(self, path: Path) -> None:
        """Store a complete spooled WARC file under its final name (the file is moved)."""
        self.storage.put_file(warc_key(path.name), path)

    def spooled(self, name: str) -> bool:
        """Is this WARC file still in the local spool, not yet stored?"""
        return (self.spool / name).is_file()

    def recover_spool(self) -> list[str]:
        """Store the spooled WARC files that no running writer holds (left by a crash).

        Each is cut back to its last whole gzip member first: the records after it
        were never complete, so no capture row can point at them.
        """
        stored = []
        for path in sorted(self.spool.glob("*.warc.gz")) if self.spool.is_dir() else ():
            fd = os.open(path, os.O_RDWR)
            try:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    continue  # a live writer's current file
                with open(path, "rb") as fh:
                    whole, _damage = intact_length(fh.read)
                os.truncate(path, whole)
                if whole:
                    self.store_warc(path)
                    stored.append(path.name)
                else:
                    path.unlink()
            finally:
                os.close(fd)
        return stored

    def clean_temporaries(self) -> None:
        if isinstance(self.storage, LocalStorage):
            self.storage.clean_temporaries(BLOBS)


def blob_key_or_none(name: str) -> str | None:
    try:
        return blob_key(name)
    except ValueError:
        return None


def open_archive(spec: str | Path, spool: Path | str | None = None) -> Archive:
    """The archive named by a setting: a folder, or ``s3://BUCKET/PREFIX``.

    A folder's spool is ``.spool`` inside it (same file system: storing is a rename);
    an S3 archive's spool is ``NIANBAO_SPOOL`` or ``nianbao-data/spool``, one sub-folder
    per bucket and prefix, so a crash's leftovers go back to the archive they belong to.
    """
    text = str(spec)
    if text.startswith("s3://"):
        parts = urlsplit(text)
        if not parts.netloc:
            raise ValueError(f"not an s3://BUCKET/PREFIX archive: {text!r}")
        prefix = parts.path.strip("/")
        base = Path(spool or os.environ.get("NIANBAO_SPOOL") or DEFAULT_SPOOL)
        folder = base / parts.netloc / (prefix.replace("/", "_") or "_")
        return Archive(S3Storage(parts.netloc, prefix), folder)
    root = Path(text)
    return Archive(LocalStorage(root), Path(spool) if spool else root / ".spool", local_root=root)
