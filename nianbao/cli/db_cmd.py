"""``nianbao db upgrade``: bring the database to this code's schema (the only migrator)."""

from __future__ import annotations

import typer

from nianbao.cli.app import FormatOption, OutputFormat, app, fail, print_json
from nianbao.cli.options import DbOption, settings_or_fail

db_app = typer.Typer(help="Administer the database.", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def upgrade(db: str = DbOption, format: OutputFormat = FormatOption) -> None:
    """Run the Alembic migrations (under a lock: two upgrades at once wait for each other)."""
    from archive.db import SCHEMA_REVISION, DatabaseError, upgrade_database

    settings = settings_or_fail(db, None)
    try:
        before = upgrade_database(settings.db_url)
    except DatabaseError as exc:
        fail(str(exc))
    if settings.db_url.startswith("postgresql"):  # the cluster's job queue lives there too
        from nianbao.cluster.queue import ensure_schema

        ensure_schema(settings.db_url)
    if format is OutputFormat.json:
        print_json({"from": before, "to": SCHEMA_REVISION})
    elif before == SCHEMA_REVISION:
        typer.echo(f"database already at schema {SCHEMA_REVISION}")
    else:
        typer.echo(f"database upgraded from {before or '(empty)'} to {SCHEMA_REVISION}")
