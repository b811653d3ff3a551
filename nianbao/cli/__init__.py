"""The ``nianbao`` console command: one Typer app, one module per command group.

Only the module of the command being run is imported (``--help`` and an unknown
command import them all), and command modules import their heavy libraries
(SQLAlchemy's ORM, Scrapy, Playwright, the PDF stack, FastAPI) inside the command
functions, so that ``--help`` and ``lookup`` start fast; ``tests/cli/test_startup.py``
holds that line.
"""

from __future__ import annotations

import gc
import importlib
import sys

import typer

from nianbao.cli.app import app, usage_error

#: command name → the modules that define it and its subcommands
COMMANDS: dict[str, tuple[str, ...]] = {
    "alerts": ("alerts_cmd",),
    "cluster": ("cluster_cmd",),
    "crawl": ("crawl_cmd",),
    "db": ("db_cmd",),
    "demo": ("demo_cmd",),
    "enqueue": ("cluster_cmd",),
    "export": ("export_cmd",),
    "lookup": ("lookup_cmd",),
    "notify": ("notify_cmd",),
    "overdue": ("overdue_cmd",),
    "parse": ("parse_cmd",),
    "regions": ("regions_cmd", "discover_cmd"),
    "reindex": ("reindex_cmd",),
    "reparse": ("reparse_cmd",),
    "schedule": ("schedule_cmd",),
    "serve": ("serve_cmd",),
    "verify": ("verify_cmd",),
    "wacz": ("wacz_cmd",),
    "worker": ("cluster_cmd",),
}


#: commands that end with a crawl's heap and nothing left to do: they leave at once, after
#: their own clean-up, not freeing it object by object (a quarter of a second of every
#: crawl process: every cluster batch, every night)
QUICK_EXITS = {"crawl"}

#: commands that read a little and exit: run without the cyclic garbage collector, whose
#: passes over the objects SQLAlchemy's import makes cost a lookup more than its query
#: (reference counting still frees what they make; nothing long-running is in here)
SHORT_READS = {"lookup"}


def load_commands(argv: list[str] | None = None) -> typer.Typer:
    """Register the command ``argv`` names (every command when it names none we know)."""
    name = next((a for a in argv or () if not a.startswith("-")), None)
    wanted = COMMANDS.get(name or "") or tuple(m for ms in COMMANDS.values() for m in ms)
    for module in wanted:
        importlib.import_module(f"nianbao.cli.{module}")
    return app


def main(argv: list[str] | None = None) -> None:
    """Entry point: exit 2 for bad input, 1 for anything unexpected (cli.md).

    Typer runs without its standalone mode so that usage errors come back here and
    are printed as one line instead of a boxed panel.
    """
    args = sys.argv[1:] if argv is None else argv
    command = next((a for a in args if not a.startswith("-")), None)
    if command in SHORT_READS or not args:
        gc.disable()
    try:
        status = load_commands(args)(args=args, standalone_mode=False)
    except typer.TyperException as exc:  # Typer's own click: UsageError, BadParameter …
        if type(exc).__name__ == "NoArgsIsHelpError":  # bare `nianbao`: the help, as before
            typer.echo(exc.format_message(), err=True)
            status = 2
        else:
            usage_error(exc)
            status = getattr(exc, "exit_code", 2)
    except typer.Abort:
        status = 130
    except KeyboardInterrupt:
        status = 130
    except BrokenPipeError:  # the reader went away (`| head`): no traceback, no more output
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        status = 1
    code = status if isinstance(status, int) else 0
    if command in QUICK_EXITS and argv is None:
        exit_now(code)
    sys.exit(code)


def exit_now(code: int) -> None:
    """End the process without the interpreter's teardown, once what it would do that
    matters is done: output flushed, database connections closed (SQLite's log folded
    into its file), the parser's worker stopped, logs flushed."""
    import logging
    import os

    sys.stdout.flush()
    sys.stderr.flush()
    if "archive.db" in sys.modules:
        sys.modules["archive.db"].close_databases()
    if "parsers.sandbox" in sys.modules:
        sys.modules["parsers.sandbox"].shutdown()
    logging.shutdown()
    os._exit(code)
