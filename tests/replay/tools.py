"""The standard replay tools, run from their own venv (``scripts/setup.sh`` makes it).

pywb and the ``wacz`` package pin libraries older than the project's own venv
holds, so they live in ``.venv-replay`` (or ``NIANBAO_REPLAY_VENV``) and the tests
run their executables in subprocesses.  A missing tool fails the test: replay is
part of what the archive promises, never an optional extra.
"""

from __future__ import annotations

import os
import subprocess
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.ports import free_port, wait_for_http

REPO = Path(__file__).resolve().parents[2]


def replay_bin(name: str) -> Path:
    venv = Path(os.environ.get("NIANBAO_REPLAY_VENV") or REPO / ".venv-replay")
    path = venv / "bin" / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: scripts/setup.sh installs the replay tools")
    return path


def replayweb_folder() -> Path:
    """ReplayWeb.page's built viewer (``ui.js``, ``sw.js``) as npm ships it."""
    folder = Path(os.environ.get("NIANBAO_REPLAYWEB") or REPO / ".replayweb" / "package")
    if not (folder / "sw.js").is_file() or not (folder / "ui.js").is_file():
        pytest.fail(f"ReplayWeb.page is missing in {folder}: scripts/setup.sh fetches it")
    return folder


def run_tool(
    name: str, *args: str, cwd: Path, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(replay_bin(name)), *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    return proc


@contextmanager
def pywb_collection(root: Path, warc_files: list[Path], coll: str = "nb") -> Iterator[str]:
    """pywb over these WARC files (indexed by ``wb-manager``), served on loopback.

    Yields the collection's base URL (``http://127.0.0.1:PORT/nb/``).
    """
    root.mkdir(parents=True, exist_ok=True)
    init = run_tool("wb-manager", "init", coll, cwd=root)
    assert init.returncode == 0, init.stderr
    add = run_tool("wb-manager", "add", coll, *map(str, warc_files), cwd=root)
    assert add.returncode == 0, add.stderr
    port = free_port()
    proc = subprocess.Popen(
        [str(replay_bin("wayback")), "-p", str(port), "-b", "127.0.0.1", "-t", "2"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://127.0.0.1:{port}/{coll}/"
    try:
        wait_for_http(proc, base, "pywb")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body, whatever the status."""
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, dict(resp.headers), resp.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()
