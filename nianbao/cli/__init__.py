"""The ``nianbao`` console command: one Typer app, one module per command group."""

from __future__ import annotations

import sys

from nianbao.cli import (  # noqa: F401  (registers commands)
    alerts_cmd,
    cluster_cmd,
    crawl_cmd,
    db_cmd,
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
from nianbao.cli.app import app


def main() -> None:
    """Entry point: exit 2 for bad input, 1 for anything unexpected (cli.md)."""
    try:
        app(standalone_mode=True)
    except KeyboardInterrupt:
        sys.exit(130)
