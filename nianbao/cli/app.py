"""The Typer application object and the helpers every command shares."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NoReturn

import typer

if TYPE_CHECKING:
    from rich.console import Console

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Find, archive and read 政府信息公开工作年度报告.",
    pretty_exceptions_enable=False,
)


class State:
    """Options given before the command, read by the commands that care."""

    verbose = False


def _version(value: bool) -> None:
    if value:
        from nianbao import __version__

        typer.echo(f"nianbao {__version__}")
        raise typer.Exit(0)


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="print the version and exit"
    ),
    verbose: bool = typer.Option(
        False, "-v", "--verbose", help="details on stderr: the crawler's log, tracebacks"
    ),
) -> None:
    """Find, archive and read 政府信息公开工作年度报告."""
    State.verbose = State.verbose or verbose


class _StderrConsole:
    """A rich Console on stderr, made on first use: most runs never print to it."""

    _console: Console | None = None

    def real(self) -> Console:
        """The Console itself (for rich objects that take one, such as Progress)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(stderr=True)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real(), name)


#: progress and logs go to stderr; stdout is reserved for data (cli.md)
err = _StderrConsole()


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
    from rich.markup import escape  # a message may hold brackets: [notify.email], [a, b]

    err.print(f"[bold red]error:[/] {escape(message)}", highlight=False, soft_wrap=True)
    raise typer.Exit(status)


def usage_error(exc: Exception) -> None:
    """A bad option or argument as one line: the problem, then where to read more."""
    message = exc.format_message() if isinstance(exc, typer.TyperException) else str(exc)
    ctx = getattr(exc, "ctx", None)
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    message = " ".join(message.replace("Value error, ", "").split())
    from rich.markup import escape

    err.print(f"[bold red]error:[/] {escape(message + hint)}", highlight=False, soft_wrap=True)
