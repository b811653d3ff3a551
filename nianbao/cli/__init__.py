"""The ``nianbao`` console command: one Typer app, one module per command group.

Command modules import their heavy libraries (SQLAlchemy, Scrapy, Playwright, the
PDF stack, FastAPI) inside the command functions, so that ``--help`` and the light
commands start fast; ``tests/cli/test_startup.py`` holds that line.
"""

from __future__ import annotations

import sys

from nianbao.cli import (  # noqa: F401  (registers commands)
    alerts_cmd,
    cluster_cmd,
    crawl_cmd,
    db_cmd,
    demo_cmd,
    discover_cmd,
    export_cmd,
    lookup_cmd,
    notify_cmd,
    overdue_cmd,
    parse_cmd,
    regions_cmd,
    reindex_cmd,
    reparse_cmd,
    schedule_cmd,
    serve_cmd,
    verify_cmd,
    wacz_cmd,
)
from nianbao.cli.app import app, usage_error


def main(argv: list[str] | None = None) -> None:
    """Entry point: exit 2 for bad input, 1 for anything unexpected (cli.md).

    Typer runs without its standalone mode so that usage errors come back here and
    are printed as one line instead of a boxed panel.
    """
    import typer

    try:
        status = app(args=argv, standalone_mode=False)
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
    sys.exit(status if isinstance(status, int) else 0)
