"""Content-addressed blob store: each payload stored once under its sha256.

Blobs live in sharded folders (``ab/cd/abcd…``).  A write goes to a
temporary file in the same folder, is fsynced, then renamed into place, so
a crash never leaves a half-written blob under a real name.  Reads re-hash
the bytes, so a silently corrupted blob is noticed, not served.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


class BlobCorrupted(Exception):
    """A blob's bytes no longer hash to its name."""


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BlobStore:
    """Append-only store of byte strings named by their sha256."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path_for(self, digest: str) -> Path:
        if len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
            raise ValueError(f"not a sha256 hex digest: {digest!r}")
        return self.root / digest[:2] / digest[2:4] / digest

    def has(self, digest: str) -> bool:
        return self.path_for(digest).is_file()

    def put(self, data: bytes) -> tuple[str, bool]:
        """Store ``data``; return its sha256 and whether it was new."""
        digest = sha256_hex(data)
        final = self.path_for(digest)
        if final.is_file():
            return digest, False
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
        _fsync_dir(final.parent)
        return digest, True

    def get(self, digest: str) -> bytes:
        """The blob's bytes, verified against its name."""
        data = self.path_for(digest).read_bytes()
        if sha256_hex(data) != digest:
            raise BlobCorrupted(f"blob {digest} no longer matches its sha256")
        return data

    def iter_digests(self) -> Iterator[str]:
        """Every stored blob's name (temporary files excluded)."""
        if not self.root.exists():
            return
        for path in sorted(self.root.glob("??/??/*")):
            if path.is_file() and not path.name.startswith(".tmp-"):
                yield path.name

    def clean_temporaries(self) -> int:
        """Remove temporaries left by a crash; they never had a real name."""
        n = 0
        for path in self.root.glob("??/??/.tmp-*"):
            path.unlink(missing_ok=True)
            n += 1
        return n


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
