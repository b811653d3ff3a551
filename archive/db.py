"""Engine and session factory; the schema is always brought up by Alembic, never create_all.

Running the migrations on open keeps a fresh SQLite file, an old one and a
PostgreSQL database on the same schema as the models (``alembic check`` in CI).
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")


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


_REVISION_LINE = re.compile(r"^(revision|down_revision)\b[^=]*=(.*)$", re.M)


def head_revisions() -> frozenset[str]:
    """The migration heads, read from the scripts' text: no Alembic import needed."""
    revisions: set[str] = set()
    downs: set[str] = set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        for name, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            ids = re.findall(r"['\"]([^'\"]+)['\"]", value)
            (revisions if name == "revision" else downs).update(ids)
    return frozenset(revisions - downs)


def _is_current(engine: Engine) -> bool:
    """True when the database already stands at every head (the common case on open).

    Importing Alembic costs more than the rest of a ``lookup``; it is loaded only when
    there is something to migrate (or the check cannot tell).
    """
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    heads = head_revisions()
    try:
        with engine.connect() as conn:
            found = {
                row[0] for row in conn.execute(text("SELECT version_num FROM alembic_version"))
            }
    except SQLAlchemyError:
        return False
    return bool(heads) and found == heads


def migrate(engine: Engine) -> None:
    """Bring the database to the newest schema (idempotent)."""
    if _is_current(engine):
        return
    from alembic import command

    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


@lru_cache(maxsize=8)
def open_database(url: str) -> sessionmaker[Session]:
    """Connect, migrate, and return a session factory; errors become ``DatabaseError``."""
    from sqlalchemy.exc import OperationalError

    engine = make_engine(url)
    try:
        migrate(engine)
    except OperationalError as exc:
        raise DatabaseError(f"cannot open database {url!r}: {exc.orig}") from exc
    return sessionmaker(engine, expire_on_commit=False)
