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
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)))
"""


def loaded(workspace: Workspace, *args: str) -> set[str]:
    """The top-level packages a run of ``nianbao *args`` imported."""
    return {m.split(".")[0] for m in modules_of(workspace, *args)}


def modules_of(workspace: Workspace, *args: str) -> set[str]:
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


@pytest.mark.parametrize(
    "args", [("lookup", "url", "http://127.0.0.1/x"), ("lookup", "region", "海林市")]
)
def test_lookup_reads_without_the_orm_or_pydantic(
    workspace: Workspace, args: tuple[str, ...]
) -> None:
    """The ORM's import and mapper set-up, and pydantic (Typer ≥ 0.29 builds a
    TypeAdapter per option at each start), each cost a lookup more than its query."""
    modules_of(workspace, *args)  # a new SQLite database is migrated (by Alembic) first
    loaded_now = modules_of(workspace, *args)
    assert "sqlalchemy.engine" in loaded_now
    assert "sqlalchemy.orm" not in loaded_now and "archive.models" not in loaded_now
    assert "pydantic" not in loaded_now
    # only the command's own module, not every command's
    assert "nianbao.cli.lookup_cmd" in loaded_now and "nianbao.cli.export_cmd" not in loaded_now


def test_every_command_is_registered_from_its_own_module() -> None:
    """``COMMANDS`` names the modules of every command ``--help`` lists, and each alone is
    enough to run it (a fresh process per command, as the console script has)."""
    code = (
        "import json, sys; from nianbao.cli import load_commands, COMMANDS;"
        "name = sys.argv[1]; app = load_commands([name]);"
        "import typer.main; group = typer.main.get_command(app);"
        "print(json.dumps(sorted(group.commands)))"
    )
    everything = subprocess.run(
        [sys.executable, "-c", code, "--help"], capture_output=True, text=True, check=True
    )
    listed = set(json.loads(everything.stdout))
    from nianbao.cli import COMMANDS

    assert listed == set(COMMANDS)
    for name in COMMANDS:
        one = subprocess.run(
            [sys.executable, "-c", code, name], capture_output=True, text=True, check=True
        )
        assert name in json.loads(one.stdout), name
