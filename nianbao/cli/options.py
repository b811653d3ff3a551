"""Options shared by the commands that touch storage, and opening storage from them."""

from __future__ import annotations

import typer

from archive.db import DatabaseError, open_database
from nianbao.cli.app import fail
from nianbao.config import ConfigError, Settings, load_settings

DbOption = typer.Option(None, "--db", help="database URL (env NIANBAO_DB)", show_default=False)
ArchiveOption = typer.Option(
    None,
    "--archive",
    help="archive folder or s3://BUCKET/PREFIX (env NIANBAO_ARCHIVE)",
    show_default=False,
)


def settings_or_fail(db: str | None, archive: str | None) -> Settings:
    try:
        return load_settings(db, archive)
    except ConfigError as exc:
        fail(str(exc))


def sessions_or_fail(settings: Settings):  # type: ignore[no-untyped-def]
    try:
        return open_database(settings.db_url)
    except DatabaseError as exc:
        fail(str(exc))
