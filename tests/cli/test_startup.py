"""The light commands start without the heavy stacks (issue 14: `--help` within the time
of importing SQLAlchemy alone, `lookup` within one and a half times that).

The import sets are checked, not the clock: timing on a shared machine is noise, but a
stray top-level import of Scrapy or FastAPI is a certain regression.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import Workspace

#: what a command that neither crawls, parses, serves nor exports must never load
HEAVY = (
    "scrapy",
    "twisted",
    "playwright",
    "scrapy_playwright",
    "pdfplumber",
    "pypdfium2",
    "fastapi",
    "uvicorn",
    "pyarrow",
    "openpyxl",
    "trafilatura",
)

RUNNER = """
import json, sys
sys.argv = ["nianbao", *json.loads(sys.argv[1])]
from nianbao.cli import main
try:
    main()
except SystemExit:
    pass
sys.stdout.flush()
sys.stderr.write("\\nMODULES " + json.dumps(sorted({m.split(".")[0] for m in sys.modules})))
"""


def loaded(workspace: Workspace, *args: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps(args)],
        cwd=workspace.root,
        env=workspace.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    tail = proc.stderr.rsplit("MODULES ", 1)
    assert len(tail) == 2, proc.stderr
    return set(json.loads(tail[1]))


@pytest.mark.parametrize("args", [("--help",), ("--version",), ("lookup", "--help")])
def test_help_loads_neither_the_database_nor_the_heavy_stacks(
    workspace: Workspace, args: tuple[str, ...]
) -> None:
    modules = loaded(workspace, *args)
    assert not modules & {*HEAVY, "sqlalchemy", "alembic"}, modules & {*HEAVY, "sqlalchemy"}


def test_lookup_loads_the_database_only(workspace: Workspace) -> None:
    run = workspace.run("regions", "--help")  # any command: creates nothing
    assert run.returncode == 0
    first = loaded(workspace, "lookup", "url", "http://127.0.0.1/x")  # migrates a new database
    assert "sqlalchemy" in first and not first & set(HEAVY)
    again = loaded(workspace, "lookup", "url", "http://127.0.0.1/x")
    # a database at the newest schema is opened without loading Alembic
    assert "alembic" not in again and not again & set(HEAVY)
