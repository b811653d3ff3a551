"""``nianbao schedule``: a persistent nightly job, a crawl run by it, clean shutdown on SIGTERM."""

from __future__ import annotations

import json
import signal
import sqlite3
import time

from nianbao.demo.server import PortalServers
from tests.conftest import Workspace
from tests.receivers import Receiver


def finished_crawls(ws: Workspace) -> int:
    try:
        con = sqlite3.connect(ws.db_file)
        return con.execute("select count(*) from crawls where status = 'finished'").fetchone()[0]
    except sqlite3.OperationalError:
        return 0


def test_schedule_runs_a_crawl_and_stops_on_sigterm(
    workspace: Workspace, demo_portal: PortalServers
) -> None:
    seeds = workspace.seeds(
        [("231083", "海林市", "county", "231000", demo_portal.url("127.0.0.1", "/index.html"))]
    )
    proc = workspace.popen("schedule", "--seeds", str(seeds), "--run-now", "--time", "03:30")
    deadline = time.monotonic() + 120
    while finished_crawls(workspace) < 1 and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.2)
    assert finished_crawls(workspace) == 1
    proc.send_signal(signal.SIGTERM)
    out, errs = proc.communicate(timeout=60)
    assert proc.returncode == 0, errs
    assert "scheduler stopped" in errs
    con = sqlite3.connect(workspace.db_file)
    jobs = con.execute("select id, next_run_time from apscheduler_jobs").fetchall()
    assert [j[0] for j in jobs] == ["nightly-crawl"]
    # 03:30 Asia/Shanghai is 19:30 UTC
    assert time.gmtime(jobs[0][1]).tm_hour == 19 and time.gmtime(jobs[0][1]).tm_min == 30


def test_schedule_rejects_a_bad_time(workspace: Workspace) -> None:
    run = workspace.run("schedule", "--time", "25:00")
    assert run.returncode == 2 and "bad time" in run.stderr


def test_scheduled_crawl_delivers_its_alerts(
    workspace: Workspace, demo_portal: PortalServers, receiver: Receiver
) -> None:
    workspace.env["NIANBAO_WEBHOOK_URL"] = receiver.url
    workspace.env["NIANBAO_WEBHOOK_SECRET"] = "nightly"
    seeds = workspace.seeds(
        [("231083", "海林市", "county", "231000", demo_portal.url("127.0.0.1", "/index.html"))]
    )
    proc = workspace.popen("schedule", "--seeds", str(seeds), "--run-now")
    deadline = time.monotonic() + 120
    while len(receiver.posts) < 4 and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=60)
    kinds = sorted(json.loads(body)["alert"]["kind"] for body, _, _ in receiver.posts)
    # after the crawl's own alerts come those about reports overdue by today's clock
    assert [k for k in kinds if k != "overdue"] == ["new"] * 4


def test_schedule_on_a_cluster_enqueues_instead_of_crawling(
    workspace: Workspace, demo_portal: PortalServers, pg_url: str
) -> None:
    """With PostgreSQL the night's crawl is queued for the workers; the scheduler crawls nothing."""
    from sqlalchemy import create_engine, text

    workspace.env["NIANBAO_DB"] = pg_url
    assert workspace.run("db", "upgrade").returncode == 0
    seeds = workspace.seeds(
        [("231083", "海林市", "county", "231000", demo_portal.url("127.0.0.1", "/index.html"))]
    )
    proc = workspace.popen("schedule", "--seeds", str(seeds), "--run-now", "--enqueue")
    engine = create_engine(pg_url)
    deadline, jobs = time.monotonic() + 120, 0
    while not jobs and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        with engine.connect() as conn:
            jobs = conn.execute(text("select count(*) from procrastinate_jobs")).scalar() or 0
        time.sleep(0.2)
    proc.send_signal(signal.SIGTERM)
    _, errs = proc.communicate(timeout=60)
    assert proc.returncode == 0 and "nightly enqueue" in errs, errs
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from captures")).scalar() == 0  # nothing crawled
        batches = conn.execute(
            text("select count(*) from crawls where parent_id is not null")
        ).scalar()
    engine.dispose()
    assert jobs == batches == 1
    assert demo_portal.servers["127.0.0.1"].log == []
