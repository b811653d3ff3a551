"""Engine and session factory; the schema is brought up by Alembic, never by create_all.

Migrations are an administrator's act: ``nianbao db upgrade`` runs them (under a
lock, so two at once cannot race), and a PostgreSQL database whose schema is not
the one this code needs is refused with a one-line message saying so — a web
server, a worker or a lookup never changes a shared schema behind its users'
backs.  The embedded SQLite default is nobody's shared server: it is migrated on
first use, under a file lock beside it.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, ProgrammingError

if TYPE_CHECKING:  # the ORM is imported by those who use it: a lookup reads with Core
    from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")
#: the newest migration's revision; tests/archive/test_migrations.py holds it to Alembic's head
SCHEMA_REVISION = "0008"
#: pg_advisory_lock key of ``upgrade``: two upgrades at once wait for each other
_PG_LOCK = 2_260_2026


class DatabaseError(Exception):
    """The database URL is malformed or the server cannot be reached (one-line message)."""


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite files get their folder created and WAL journaling."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise DatabaseError(f"bad database URL {url!r}: {exc}") from exc
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(parsed)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() != "postgresql":
        raise DatabaseError(f"unsupported database {parsed.get_backend_name()!r} in {url!r}")
    try:
        return create_engine(parsed, pool_pre_ping=True)
    except Exception as exc:  # a missing driver, say
        raise DatabaseError(f"cannot use database URL {url!r}: {exc}") from exc


def alembic_config(url: str) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def schema_revision(engine: Engine) -> str | None:
    """The revision the database is at (None for an empty database)."""
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except (OperationalError, ProgrammingError) as exc:
        if "alembic_version" in str(exc):  # no such table: nothing migrated yet
            return None
        raise


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PG_LOCK})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PG_LOCK})
        return
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    fd = os.open(f"{database}.migrate.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (idempotent, one migrator at a time)."""
    with _migration_lock(engine):
        if schema_revision(engine) == SCHEMA_REVISION:
            return  # as nearly always: without importing Alembic (a tenth of a second)
        from alembic import command

        cfg = alembic_config(engine.url.render_as_string(hide_password=False))
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")


def upgrade_database(url: str) -> str | None:
    """``nianbao db upgrade``: migrate; return the revision the database was at before."""
    engine = make_engine(url)
    try:
        before = schema_revision(engine)
        migrate(engine)
    except OperationalError as exc:
        raise DatabaseError(f"cannot open database {_safe(url)}: {exc.orig}") from exc
    finally:
        engine.dispose()
    return before


def _safe(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return repr(url)


#: the engines ``open_engine`` made, for ``close_databases``
_OPENED: list[Engine] = []


@lru_cache(maxsize=8)
def open_engine(url: str) -> Engine:
    """Connect and return the engine; errors become ``DatabaseError``.

    SQLite is migrated on first use; any other database must be at this code's schema.
    """
    engine = make_engine(url)
    _OPENED.append(engine)
    try:
        if engine.dialect.name == "sqlite":
            # under the migration lock: the first connection to a new file switches it to
            # WAL, which two processes starting at once must not both do
            migrate(engine)
            return engine
        current = schema_revision(engine)
        if current != SCHEMA_REVISION:
            raise DatabaseError(
                f"the database {_safe(url)} is at schema {current or '(empty)'}, this nianbao "
                f"needs {SCHEMA_REVISION}: run `nianbao db upgrade`"
            )
    except OperationalError as exc:
        raise DatabaseError(f"cannot open database {_safe(url)}: {exc.orig}") from exc
    return engine


@lru_cache(maxsize=8)
def open_database(url: str) -> sessionmaker[Session]:
    """A session factory over ``open_engine(url)`` (same errors)."""
    from sqlalchemy.orm import sessionmaker

    return sessionmaker(open_engine(url), expire_on_commit=False)


def close_databases() -> None:
    """Close the pooled connections of every engine opened here, as a process's end does:
    SQLite then folds its write-ahead log into the database file."""
    for engine in _OPENED:
        engine.dispose()


def forget_databases() -> None:
    """Drop the cached engines and session factories (a test deleting its database file)."""
    open_database.cache_clear()
    open_engine.cache_clear()
