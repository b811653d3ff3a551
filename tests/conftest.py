"""Shared fixtures: real portal servers on loopback addresses, and the real CLI in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from archive.archive import Archive, open_archive
from nianbao.demo.hailin_portal import demo_sites
from nianbao.demo.server import PortalServers
from registry.seeds import SEEDS_HEADER
from tests.receivers import receiver  # noqa: F401  (a fixture for every test)
from tests.s3server import S3Server, s3_server  # noqa: F401  (a session fixture)

#: the installed console command (not `python -m`, which would put the working folder on sys.path)
NIANBAO = [str(Path(sys.executable).parent / "nianbao")]

#: Scrapy settings of every crawl a workspace runs: no politeness delays (DOWNLOAD_DELAY,
#: AutoThrottle), since every portal is a loopback server of the test itself and the
#: delays made most of the suite's time.  The concurrency limits stay as they are, so
#: the tests that count requests at once per host still check the real ones; a test
#: may set its own ``NIANBAO_SCRAPY_SETTINGS`` (or drop it to crawl as in production).
LOOPBACK_CRAWL = {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False}


@dataclass
class Run:
    returncode: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        return json.loads(self.stdout)


@dataclass
class Workspace:
    """A working folder with its own database and archive, and a way to run the CLI there."""

    root: Path
    env: dict[str, str]
    s3: S3Server | None = None

    @property
    def archive(self) -> Path:
        """The local archive folder (local backend only)."""
        return self.root / "archive"

    @property
    def archive_setting(self) -> str:
        return self.env["NIANBAO_ARCHIVE"]

    def open_archive(self) -> Archive:
        """The workspace's archive, whichever backend holds it."""
        if self.s3 is not None:
            return self.s3.archive(self.archive_setting, self.root / "nianbao-data" / "spool")
        return open_archive(self.archive)

    @property
    def db_file(self) -> Path:
        return self.root / "nianbao.db"

    def run(self, *args: str, timeout: float = 240) -> Run:
        proc = subprocess.run(
            [*NIANBAO, *args],
            cwd=self.root,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        return Run(proc.returncode, proc.stdout, proc.stderr)

    def popen(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [*NIANBAO, *args],
            cwd=self.root,
            env=self.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def seeds(self, rows: list[tuple[str, str, str, str, str]], name: str = "seeds.csv") -> Path:
        path = self.root / name
        lines = [",".join(SEEDS_HEADER)] + [",".join(r) for r in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path


def make_workspace(root: Path, s3: S3Server | None = None) -> Workspace:
    """A workspace whose database lives under ``root``, its archive there or in a new bucket."""
    env = dict(os.environ)
    env["NIANBAO_DB"] = f"sqlite:///{root / 'nianbao.db'}"
    env["NIANBAO_ARCHIVE"] = str(root / "archive")
    env.pop("NIANBAO_CONFIG", None)
    env.pop("NIANBAO_SPOOL", None)
    env["NIANBAO_SCRAPY_SETTINGS"] = json.dumps(LOOPBACK_CRAWL)
    if s3 is not None:
        env.update(s3.env)
        env["NIANBAO_ARCHIVE"] = f"s3://{s3.new_bucket()}/nianbao"
    return Workspace(root, env, s3)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path)


PG_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


@pytest.fixture
def empty_pg_url() -> Iterator[str]:
    """A new, empty database on the PostgreSQL server at 127.0.0.1:5432, dropped afterwards.

    The server is part of the test environment: where it is missing the test fails
    (it is never skipped silently).
    """
    from sqlalchemy import create_engine, text

    from archive.db import forget_databases

    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"nianbao_test_{uuid.uuid4().hex[:8]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:
        pytest.fail(f"PostgreSQL is needed on 127.0.0.1:5432 and is not reachable: {exc}")
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    forget_databases()
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def pg_url(empty_pg_url: str) -> str:
    """A PostgreSQL database at this code's schema (as `nianbao db upgrade` leaves it)."""
    from archive.db import upgrade_database

    upgrade_database(empty_pg_url)
    return empty_pg_url


@pytest.fixture(params=["local", "s3"])
def any_workspace(request: pytest.FixtureRequest, tmp_path: Path) -> Workspace:
    """A workspace on each archive backend in turn: a folder, then an S3 bucket."""
    s3 = request.getfixturevalue("s3_server") if request.param == "s3" else None
    return make_workspace(tmp_path, s3)


@pytest.fixture
def demo_portal() -> Iterator[PortalServers]:
    """The demo portal (the one ``nianbao demo`` serves) on 127.0.0.1, a free port."""
    with PortalServers(demo_sites(), port=0) as servers:
        yield servers
