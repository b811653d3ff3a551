"""``nianbao worker``: run queued batches, each as a fresh ``nianbao crawl`` process.

Scrapy's reactor cannot restart inside one process, and one batch must never
take its neighbours down, so every batch is a child process (with its own
Chromium when it needs one) under a hard time limit, killed with its worker if
the worker dies.  The batch's crawl row was made by ``enqueue``; the child
claims it, and a batch run again (after a crash, SIGTERM or a dead worker)
resumes from what the archive already holds.  Jobs of a worker whose heartbeat
has lapsed are handed to the living by every worker's watch loop.
"""

from __future__ import annotations

import asyncio
import csv
import ctypes
import json
import logging
import os
import signal
import socket
import sys
import tempfile
from pathlib import Path
from typing import Any

from archive.db import open_database
from archive.models import Crawl
from nianbao.cluster.crawls import finish_batch, finish_crawl_if_done
from nianbao.cluster.queue import MAX_ATTEMPTS, QUEUE, make_app
from registry.seeds import SEEDS_HEADER

logger = logging.getLogger("nianbao.cluster")

#: seconds without a heartbeat after which a worker is taken for dead
STALLED_AFTER = float(os.environ.get("NIANBAO_STALLED_AFTER", "30"))
HEARTBEAT_EVERY = max(1.0, STALLED_AFTER / 6)
#: seconds between two looks at the queue of a worker that stops once it is empty
EMPTY_LOOK_EVERY = 0.5


class BatchIncomplete(Exception):
    """The batch's crawl stopped before its end; the job is tried again."""


def _die_with_parent() -> None:
    """In the child: SIGKILL when the worker dies, so a dead worker's batch never runs twice."""
    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def _seeds_file(portals: list[dict[str, Any]]) -> Path:
    fd, name = tempfile.mkstemp(prefix="nianbao-batch-", suffix=".csv")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(SEEDS_HEADER)
        for p in portals:
            out.writerow([p["code"], p["name"], p["level"], p.get("parent_code") or "", p["url"]])
    return Path(name)


def crawl_command(batch_id: int, seeds: Path, full: bool) -> list[str]:
    """The batch's ``nianbao crawl`` command line (``--full`` when the job or worker says so)."""
    exe = Path(sys.executable).with_name("nianbao")
    cmd = [str(exe) if exe.exists() else "nianbao", "crawl", "--seeds", str(seeds)]
    cmd += ["--crawl-row", str(batch_id), "--format", "json"]
    return cmd + (["--full"] if full else [])


async def _run_child(
    batch_id: int, portals: list[dict[str, Any]], ctx: dict[str, Any], full: bool = False
) -> str:
    """Run the batch's crawl; returns how it ended: ``exit N`` or ``time limit``."""
    seeds = _seeds_file(portals)
    cmd = crawl_command(batch_id, seeds, full or bool(ctx.get("full")))
    env = dict(os.environ, NIANBAO_DB=ctx["db_url"], NIANBAO_ARCHIVE=ctx["archive"])
    proc = await asyncio.create_subprocess_exec(
        *cmd,
        env=env,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE,
        start_new_session=True,  # a signal to the worker's group is the worker's to handle
        preexec_fn=_die_with_parent,
    )
    try:
        _, err = await asyncio.wait_for(proc.communicate(), ctx["time_limit"])
        if proc.returncode:
            logger.warning("batch %s: %s", batch_id, err.decode(errors="replace")[-500:])
        return f"exit {proc.returncode}"
    except TimeoutError:
        proc.terminate()  # the crawl stops cleanly and keeps what it fetched
        try:
            await asyncio.wait_for(proc.wait(), 30)
        except TimeoutError:
            proc.kill()
            await proc.wait()
        return "time limit"
    finally:
        seeds.unlink(missing_ok=True)


async def crawl_batch(context: Any, crawl_id: int, batch_id: int) -> None:
    """The task: crawl one batch; retried while its crawl is incomplete (up to MAX_ATTEMPTS)."""
    ctx = context.additional_context
    sessions = open_database(ctx["db_url"])
    with sessions() as session:
        row = session.get(Crawl, batch_id)
        assert row is not None and row.parent_id == crawl_id
        batch = json.loads(row.seeds or "{}")
        portals, full = batch.get("portals", []), bool(batch.get("full"))
        done = row.status == "finished"
    if not done:
        ended = await _run_child(batch_id, portals, ctx, full)
        with sessions() as session:
            row = session.get(Crawl, batch_id)
            assert row is not None
            done = row.status == "finished"
        if not done:
            last_try = (context.job.attempts or 0) + 1 >= MAX_ATTEMPTS
            if ended != "time limit" and not last_try:
                raise BatchIncomplete(f"batch {batch_id}: crawl ended with {ended}")
            finish_batch(sessions, batch_id, "failed", reason=ended)
    if finish_crawl_if_done(sessions, crawl_id):
        from nianbao.scheduler import absence_alerts, deliver_alerts

        absence_alerts(ctx["db_url"])  # once per crawl: only the batch that closed it gets here
        deliver_alerts(ctx["db_url"])


async def _recover_stalled(app: Any) -> None:
    """Hand the jobs of workers whose heartbeat lapsed back to the queue."""
    for job in await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER):
        try:
            await app.job_manager.retry_job(job)
            logger.warning("batch job %s of a dead worker queued again", job.id)
        except Exception:  # another worker was quicker
            logger.debug("job %s already taken up", job.id)


async def _queue_empty(app: Any) -> bool:
    row = await app.connector.execute_query_one_async(
        "SELECT count(*) AS n FROM procrastinate_jobs "
        "WHERE queue_name = %(queue)s AND status IN ('todo', 'doing')",
        queue=QUEUE,
    )
    return int(row["n"]) == 0


async def run_worker(
    db_url: str,
    archive: str,
    concurrency: int,
    until_empty: bool,
    time_limit: float,
    full: bool = False,
) -> None:
    from procrastinate.worker import Worker

    app = make_app(db_url)
    context = {"db_url": db_url, "archive": archive, "time_limit": time_limit, "full": full}
    async with app.open_async():
        worker = Worker(
            app,
            queues=[QUEUE],
            name=f"{socket.gethostname()}:{os.getpid()}",
            concurrency=concurrency,
            wait=True,
            additional_context=context,
            update_heartbeat_interval=HEARTBEAT_EVERY,
            stalled_worker_timeout=STALLED_AFTER,
            shutdown_graceful_timeout=None,  # SIGTERM: the running batches finish
            fetch_job_polling_interval=1.0,
        )
        running = asyncio.create_task(worker.run())  # type: ignore[no-untyped-call]
        loop = asyncio.get_running_loop()
        recovered = float("-inf")
        while not running.done():
            if loop.time() - recovered >= HEARTBEAT_EVERY:
                await _recover_stalled(app)
                recovered = loop.time()
            if until_empty and await _queue_empty(app):
                worker.stop()  # type: ignore[no-untyped-call]
            # --until-empty: stop soon after the last batch, not a heartbeat later
            await asyncio.wait(
                [running], timeout=EMPTY_LOOK_EVERY if until_empty else HEARTBEAT_EVERY
            )
        running.result()
