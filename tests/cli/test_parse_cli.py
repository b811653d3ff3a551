"""`nianbao parse` names the file of every object and shows progress on a terminal."""

from __future__ import annotations

import json
import os
import pty
import subprocess
from pathlib import Path

from tests.conftest import NIANBAO, Workspace

SEEDS = Path(__file__).parents[1] / "parsers" / "seeds"


def seed_files() -> list[Path]:
    files = sorted(SEEDS.glob("*.txt"))
    assert len(files) >= 3
    return files


def test_each_object_names_its_source_file(workspace: Workspace, tmp_path: Path) -> None:
    files = seed_files()
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    run = workspace.run("parse", str(files[0]), str(bad), *map(str, files[1:]), "--format", "json")
    assert run.returncode == 2 and "empty.txt" in run.stderr
    reports = run.json()
    assert [r["source"] for r in reports] == [str(f) for f in files]
    assert all(r["schema"] == "report/1" for r in reports)
    one = workspace.run("parse", str(files[0]), "--format", "json").json()
    assert one["source"] == str(files[0])  # a single file stays one object (cli.md)
    text = workspace.run("parse", *map(str, files[:2]))
    assert [line.split(":")[0] for line in text.stdout.splitlines()] == [str(f) for f in files[:2]]


def test_progress_on_a_terminal(workspace: Workspace) -> None:
    files = seed_files()
    main, child = pty.openpty()
    proc = subprocess.Popen(
        [*NIANBAO, "parse", *map(str, files), "--format", "json"],
        cwd=workspace.root,
        env=workspace.env | {"COLUMNS": "120", "TERM": "xterm"},
        stdout=subprocess.PIPE,
        stderr=child,
    )
    os.close(child)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    out = proc.stdout.read() if proc.stdout else b""
    assert proc.wait(timeout=60) == 0
    assert len(json.loads(out)) == len(files)  # stdout stays pure JSON
    assert f"/{len(files)}".encode() in seen and b"parse" in seen
