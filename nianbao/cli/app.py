"""The Typer application object and the helpers every command shares."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import Any, NoReturn

import typer
from rich.console import Console

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Find, archive and read 政府信息公开工作年度报告.",
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Find, archive and read 政府信息公开工作年度报告."""


#: progress and logs go to stderr; stdout is reserved for data (cli.md)
err = Console(stderr=True)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


FormatOption = typer.Option(
    OutputFormat.text, "--format", help="text for people, json for programs"
)


def print_json(obj: Any) -> None:
    """Print ``obj`` as JSON on stdout and nothing else."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=1, default=str))
    sys.stdout.write("\n")
    sys.stdout.flush()


def fail(message: str, status: int = 2) -> NoReturn:
    """One-line error on stderr, then exit (2: bad input, 1: anything else)."""
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(status)
