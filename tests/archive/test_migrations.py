"""Migrations: one revision the code knows, run by `nianbao db upgrade`, never by readers of PostgreSQL."""

from __future__ import annotations

from alembic.script import ScriptDirectory

from archive.db import SCHEMA_REVISION, alembic_config


def test_the_code_knows_the_newest_migration() -> None:
    heads = ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads()
    assert heads == [SCHEMA_REVISION]
