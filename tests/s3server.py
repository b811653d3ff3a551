"""A real S3-compatible HTTP server on loopback for the tests: moto in server mode.

It runs as its own process (``moto_server``) on a free port of 127.0.0.1, so the
archive's S3 backend talks HTTP to it exactly as to any other store.  Starting it
is part of the test: when it cannot start, the tests that need it fail.
"""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from archive.archive import Archive, open_archive
from archive.s3_storage import S3Storage
from tests.ports import free_port

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "nianbao-test",
    "AWS_SECRET_ACCESS_KEY": "nianbao-test-secret",
    "AWS_DEFAULT_REGION": "us-east-1",
}


@dataclass
class S3Server:
    endpoint: str
    process: subprocess.Popen[bytes]

    @property
    def env(self) -> dict[str, str]:
        return {"AWS_ENDPOINT_URL": self.endpoint, **CREDENTIALS}

    def client(self) -> Any:
        import boto3
        from botocore.config import Config

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
            aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
            region_name=CREDENTIALS["AWS_DEFAULT_REGION"],
            config=Config(
                request_checksum_calculation="when_required",
                response_checksum_validation="when_required",
            ),
        )

    def new_bucket(self) -> str:
        name = f"nianbao-{secrets.token_hex(4)}"
        self.client().create_bucket(Bucket=name)
        return name

    def archive(self, url: str, spool: Path) -> Archive:
        """The Archive of an ``s3://`` URL on this server (the test process's own client)."""
        found = open_archive(url, spool=spool)
        assert isinstance(found.storage, S3Storage)
        found.storage.client = self.client()
        return found


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[S3Server]:
    port = free_port()
    log = tmp_path_factory.mktemp("moto") / "moto.log"
    moto = Path(sys.executable).parent / "moto_server"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [str(moto), "-H", "127.0.0.1", "-p", str(port)],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, **CREDENTIALS},
        )
    server = S3Server(f"http://127.0.0.1:{port}", proc)
    deadline = time.monotonic() + 30
    while True:
        if proc.poll() is not None:
            pytest.fail(f"moto_server exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            server.client().list_buckets()
            break
        except Exception as exc:
            if time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"moto_server did not answer on {server.endpoint}: {exc}")
            time.sleep(0.2)
    yield server
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
