"""Options shared by the commands that touch storage, and opening storage from them.

The database layer (SQLAlchemy and the models) is imported only when a command
opens storage, so that ``nianbao --help`` never pays for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from nianbao.cli.app import fail
from nianbao.config import ConfigError, Settings, load_settings

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.orm import Session, sessionmaker

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


def sessions_or_fail(settings: Settings) -> sessionmaker[Session]:
    from archive.db import DatabaseError, open_database

    try:
        return open_database(settings.db_url)
    except DatabaseError as exc:
        fail(str(exc))


def engine_or_fail(settings: Settings) -> Engine:
    """The database's engine, for the reads that need no ORM (``lookup``)."""
    from archive.db import DatabaseError, open_engine

    try:
        return open_engine(settings.db_url)
    except DatabaseError as exc:
        fail(str(exc))


def region_code_or_fail(session: Session, region: str | None) -> str | None:
    """The code of the region a ``--region`` option names (None when not given)."""
    if region is None:
        return None
    from archive.lookup import resolve_region

    found = resolve_region(session, region)
    if found is None:
        fail(f"unknown region {region!r} (give a GB/T 2260 code or an unambiguous name)")
    return str(found.code)
