"""Where the archive's objects live: a local folder or an S3-compatible bucket.

The interface is deliberately small (keys are ``/``-separated paths relative to the
archive's root, e.g. ``blobs/ab/cd/<sha256>`` or ``warc/<name>.warc.gz``), so that
the :class:`archive.archive.Archive` above it owns the layout and every backend
only moves bytes.  Both backends write an object under its real name only once it
is complete: locally through a temporary file renamed into place, on S3 with one
``PUT`` of the whole object (S3 never shows a half-uploaded object).
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, Protocol

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


class LocalStorage:
    """A folder: ``key`` is a path below ``root``; today's on-disk layout, unchanged."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def path(self, key: str) -> Path:
        parts = key.split("/")
        if not key or any(p in ("", ".", "..") for p in parts):
            raise ValueError(f"not an archive key: {key!r}")
        return self.root.joinpath(*parts)

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


class S3Storage:
    """Any S3-compatible bucket, reached with the standard AWS variables.

    ``AWS_ENDPOINT_URL``, ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY`` and
    ``AWS_DEFAULT_REGION`` are read by boto3 itself.  Checksums are only computed
    when an operation requires them, as stores other than AWS reject the newer
    default trailers; uploads carry ``Content-MD5`` instead, so the store itself
    refuses bytes that arrived damaged.
    """

    def __init__(self, bucket: str, prefix: str = "", client: Any = None) -> None:
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        if client is None:
            import boto3
            from botocore.config import Config

            client = boto3.client(
                "s3",
                config=Config(
                    request_checksum_calculation="when_required",
                    response_checksum_validation="when_required",
                    retries={"max_attempts": 5, "mode": "standard"},
                ),
            )
        self.client = client

    def _key(self, key: str) -> str:
        if not key or any(p in ("", ".", "..") for p in key.split("/")):
            raise ValueError(f"not an archive key: {key!r}")
        return f"{self.prefix}/{key}" if self.prefix else key

    def describe(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._key(key)}"

    def _missing(self, exc: Exception) -> bool:
        code = str(getattr(exc, "response", {}).get("Error", {}).get("Code", ""))
        return code in ("404", "NoSuchKey", "NotFound")

    def size(self, key: str) -> int | None:
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self._key(key))
        except ClientError as exc:
            if self._missing(exc):
                return None
            raise
        return int(head["ContentLength"])

    def put_bytes(self, key: str, data: bytes, if_absent: bool = True) -> bool:
        from botocore.exceptions import ClientError

        if if_absent and self.size(key) is not None:
            return False
        md5 = base64.b64encode(hashlib.md5(data).digest()).decode("ascii")
        extra = {"IfNoneMatch": "*"} if if_absent else {}
        try:
            self.client.put_object(
                Bucket=self.bucket, Key=self._key(key), Body=data, ContentMD5=md5, **extra
            )
        except ClientError as exc:
            code = str(exc.response.get("Error", {}).get("Code", ""))
            if if_absent and code in ("PreconditionFailed", "412", "ConditionalRequestConflict"):
                return False  # another writer stored it first: the same bytes, by name
            raise
        return True

    def put_file(self, key: str, path: Path) -> None:
        md5 = hashlib.md5()
        with open(path, "rb") as fh:
            while piece := fh.read(CHUNK):
                md5.update(piece)
        with open(path, "rb") as fh:
            self.client.put_object(
                Bucket=self.bucket,
                Key=self._key(key),
                Body=fh,
                ContentMD5=base64.b64encode(md5.digest()).decode("ascii"),
            )
        path.unlink()

    def _get(self, key: str, start: int = 0) -> Any:
        from botocore.exceptions import ClientError

        args: dict[str, Any] = {"Bucket": self.bucket, "Key": self._key(key)}
        if start:
            args["Range"] = f"bytes={start}-"
        try:
            return self.client.get_object(**args)["Body"]
        except ClientError as exc:
            if self._missing(exc):
                raise ObjectMissing(key) from None
            raise

    def open(self, key: str, start: int = 0) -> IO[bytes]:
        body: IO[bytes] = self._get(key, start)
        return body

    def chunks(self, key: str, chunk: int = CHUNK) -> Iterator[bytes]:
        body = self._get(key)
        try:
            yield from body.iter_chunks(chunk)
        finally:
            body.close()

    def keys(self, prefix: str) -> Iterator[str]:
        full = self._key(prefix.rstrip("/")) + "/"
        strip = len(self.prefix) + 1 if self.prefix else 0
        found = []
        for page in self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=full
        ):
            for item in page.get("Contents", []):
                key = str(item["Key"])[strip:]
                if not key.rsplit("/", 1)[-1].startswith("."):
                    found.append(key)
        yield from sorted(found)


def fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
