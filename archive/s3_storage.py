"""The archive's objects in an S3-compatible bucket (``s3://BUCKET/PREFIX``).

One of the two backends behind :class:`archive.storage.Storage`, kept apart
from the interface and the folder backend (:mod:`archive.storage`) because it
alone talks to a remote store: boto3, its checksum and retry settings, and the
answers a bucket gives for a missing object or a conditional ``PUT`` that lost.
Like every backend it only moves bytes; the layout is the archive's.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from archive.storage import CHUNK, ObjectMissing, key_parts


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
        key_parts(key)
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
