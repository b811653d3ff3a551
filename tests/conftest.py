"""Shared fixtures: real portal servers on loopback addresses, and the real CLI in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from nianbao.demo.server import PortalServers
from nianbao.demo.site import demo_sites
from tests.receivers import receiver  # noqa: F401  (a fixture for every test)

#: the installed console command (not `python -m`, which would put the working folder on sys.path)
NIANBAO = [str(Path(sys.executable).parent / "nianbao")]


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

    @property
    def archive(self) -> Path:
        return self.root / "archive"

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
        lines = ["code,name,level,parent_code,url"] + [",".join(r) for r in rows]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path


def make_workspace(root: Path) -> Workspace:
    """A workspace whose database and archive live under ``root``."""
    env = dict(os.environ)
    env["NIANBAO_DB"] = f"sqlite:///{root / 'nianbao.db'}"
    env["NIANBAO_ARCHIVE"] = str(root / "archive")
    env.pop("NIANBAO_CONFIG", None)
    return Workspace(root, env)


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    return make_workspace(tmp_path)


@pytest.fixture
def demo_portal() -> Iterator[PortalServers]:
    """The demo portal (the one ``nianbao demo`` serves) on 127.0.0.1, a free port."""
    with PortalServers(demo_sites(), port=0) as servers:
        yield servers
