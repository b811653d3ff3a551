"""``nianbao enqueue --full`` and ``nianbao worker --full`` reach the batch's ``nianbao crawl``.

The batch row carries the flag from ``enqueue``; the worker's job reads it and
starts its child with ``--full``; a worker started with ``--full`` runs every
batch so.  The child process is stood in for (the real one is exercised by the
PostgreSQL cluster test): what is checked is its command line.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from archive.db import open_database
from archive.models import Crawl
from crawler.portal import PortalRef
from nianbao.cluster import worker
from nianbao.cluster.crawls import create_crawl

PORTALS = [PortalRef("990001", "县1", "county", "231000", "http://127.0.0.1:9/index.html")]


def run_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, queued_full: bool, worker_full: bool
) -> list[str]:
    url = f"sqlite:///{tmp_path}/db.sqlite"
    sessions = open_database(url)
    crawl_id, rows = create_crawl(sessions, "seeds.csv", [(0, PORTALS)], full=queued_full)
    batch_id = rows[0][0]
    with sessions() as session:
        row = session.get(Crawl, batch_id)
        assert row is not None
        assert json.loads(row.seeds or "{}").get("full", False) is queued_full
    commands: list[list[str]] = []

    class Child:
        returncode = 0

        async def communicate(self) -> tuple[bytes, bytes]:
            with sessions() as session:  # the crawl claims and finishes its row
                done = session.get(Crawl, batch_id)
                assert done is not None
                done.status = "finished"
                session.commit()
            return b"", b""

    async def spawn(*cmd: str, **_: Any) -> Child:
        commands.append(list(cmd))
        return Child()

    monkeypatch.setattr(worker.asyncio, "create_subprocess_exec", spawn)
    monkeypatch.setattr("nianbao.scheduler.absence_alerts", lambda db_url: None)
    monkeypatch.setattr("nianbao.scheduler.deliver_alerts", lambda db_url: None)
    ctx = {"db_url": url, "archive": str(tmp_path / "archive"), "time_limit": 60.0}
    context = SimpleNamespace(
        additional_context=ctx | {"full": worker_full}, job=SimpleNamespace(attempts=0)
    )
    asyncio.run(worker.crawl_batch(context, crawl_id, batch_id))
    assert len(commands) == 1
    assert commands[0][1:3] == ["crawl", "--seeds"] and str(batch_id) in commands[0]
    return commands[0]


def test_a_batch_queued_full_is_crawled_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "--full" in run_batch(tmp_path, monkeypatch, queued_full=True, worker_full=False)


def test_a_full_worker_crawls_every_batch_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "--full" in run_batch(tmp_path, monkeypatch, queued_full=False, worker_full=True)


def test_a_batch_follows_the_schedule_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "--full" not in run_batch(tmp_path, monkeypatch, queued_full=False, worker_full=False)


def test_enqueue_and_worker_take_full() -> None:
    from typer.testing import CliRunner

    from nianbao.cli import load_commands

    runner = CliRunner()
    for command in ("enqueue", "worker"):
        shown = runner.invoke(load_commands([command]), [command, "--help"], env={"COLUMNS": "200"})
        assert shown.exit_code == 0 and "--full" in shown.output, shown.output
