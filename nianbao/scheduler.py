"""The nightly crawl under APScheduler: ``nianbao schedule`` runs it in the foreground.

The job store lives in the project database, so the schedule survives a
restart; a run missed while the scheduler was down is caught up once
(coalesced), never replayed night by night; two crawls never run at once
(one job instance at a time, and the crawl's own file lock across
processes).  Each crawl runs as a child ``nianbao crawl`` process because
Scrapy's reactor cannot be restarted inside one process; SIGTERM stops the
scheduler and lets a running crawl stop cleanly (it resumes next time).
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger

from nianbao.config import Settings

logger = logging.getLogger("nianbao.scheduler")

JOB_ID = "nightly-crawl"
JOBS_TABLE = "apscheduler_jobs"
#: a run missed by up to a day is caught up (once) when the scheduler comes back
MISFIRE_GRACE_SECONDS = 24 * 3600

_running: dict[str, subprocess.Popen[bytes]] = {}
_lock = threading.Lock()


def crawl_command(seeds: str | None, enqueue: bool = False, full: bool = False) -> list[str]:
    """The child's command line: storage goes by environment, so no password shows in ``ps``.

    On a cluster the night's crawl is queued for the workers (``nianbao enqueue``)
    instead of run here; the worker that finishes its last batch delivers the alerts.
    """
    exe = Path(sys.executable).with_name("nianbao")
    cmd = [str(exe) if exe.exists() else "nianbao", "enqueue" if enqueue else "crawl"]
    return cmd + (["--seeds", seeds] if seeds else []) + (["--full"] if full else [])


def crawl_environment(db_url: str, archive: str) -> dict[str, str]:
    return dict(os.environ, NIANBAO_DB=db_url, NIANBAO_ARCHIVE=archive)


def nightly_crawl(
    db_url: str, archive: str, seeds: str | None = None, enqueue: bool = False, full: bool = False
) -> int:
    """The job: one crawl pass (or its queueing) in a child process; returns its exit status.

    ``full`` fetches every known report page and attachment each night (``crawl --full``).
    """
    cmd = crawl_command(seeds, enqueue, full)
    logger.warning("scheduled crawl starting: %s", " ".join(cmd))
    proc = subprocess.Popen(cmd, env=crawl_environment(db_url, archive))
    with _lock:
        _running[JOB_ID] = proc
    try:
        status = proc.wait()
    finally:
        with _lock:
            _running.pop(JOB_ID, None)
    logger.warning("scheduled %s finished with status %s", cmd[1], status)
    if not enqueue:  # on a cluster the worker that ends the crawl does both
        absence_alerts(db_url)
        deliver_alerts(db_url)
    return status


def absence_alerts(db_url: str) -> None:
    """Raise the alerts about what a crawl did not find: overdue reports, silent portals."""
    from datetime import UTC, datetime

    from archive.db import open_database
    from archive.overdue import raise_absence_alerts

    try:
        with open_database(db_url)() as session:
            counts = raise_absence_alerts(session, datetime.now(UTC))
    except Exception as exc:  # the crawl's own alerts are still delivered
        logger.warning("overdue check failed: %s", exc)
        return
    logger.warning("absence alerts: %(overdue)s overdue, %(no_reports)s portals silent", counts)


def deliver_alerts(db_url: str) -> None:
    """After a crawl, send the alerts it raised to the configured channels (if any).

    A failed delivery stays pending in the database and is retried after the next crawl.
    """
    from archive.db import open_database
    from nianbao.config import ConfigError, load_notify_settings
    from nianbao.notify.deliver import deliver_pending

    try:
        channels = load_notify_settings()
    except ConfigError as exc:
        logger.warning("alerts not delivered: %s", exc)
        return
    if not channels.webhooks and channels.email is None:
        return
    for result in deliver_pending(open_database(db_url), channels):
        logger.warning(
            "alerts to %s %s: %s delivered, %s pending",
            result["channel"],
            result["target"],
            result["delivered"],
            result["pending"],
        )


def build_scheduler(
    settings: Settings, seeds: str | None = None, enqueue: bool = False, full: bool = False
) -> BlockingScheduler:
    scheduler = BlockingScheduler(
        jobstores={"default": SQLAlchemyJobStore(url=settings.db_url, tablename=JOBS_TABLE)},
        job_defaults={
            "coalesce": True,
            "max_instances": 1,
            "misfire_grace_time": MISFIRE_GRACE_SECONDS,
        },
        timezone=settings.schedule_timezone,
    )
    hour, minute = (int(x) for x in settings.schedule_time.split(":", 1))
    scheduler.add_job(
        nightly_crawl,
        CronTrigger(hour=hour, minute=minute, timezone=settings.schedule_timezone),
        id=JOB_ID,
        name="nightly crawl",
        kwargs={
            "db_url": settings.db_url,
            "archive": settings.archive_dir
            if isinstance(settings.archive_dir, str)
            else str(settings.archive_dir.resolve()),
            "seeds": seeds,
            "enqueue": enqueue,
            "full": full,
        },
        replace_existing=True,
    )
    return scheduler


def stop_running_crawl(timeout: float = 60.0) -> None:
    """Ask a running crawl to stop cleanly (SIGINT: Scrapy closes, the crawl resumes later)."""
    with _lock:
        proc = _running.get(JOB_ID)
    if proc is None or proc.poll() is not None:
        return
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()


def run_forever(scheduler: BlockingScheduler, run_now: bool = False) -> None:
    """Start in the foreground until SIGTERM/SIGINT; shut down cleanly."""

    def _stop(signum: int, _frame: Any) -> None:
        logger.warning("signal %s: stopping the scheduler", signum)
        threading.Thread(target=_shutdown, args=(scheduler,), daemon=True).start()

    signal.signal(signal.SIGTERM, _stop)
    signal.signal(signal.SIGINT, _stop)
    if run_now:
        from datetime import datetime

        scheduler.add_job(
            nightly_crawl,
            "date",
            run_date=datetime.now(scheduler.timezone),
            id="crawl-now",
            kwargs=scheduler.get_job(JOB_ID).kwargs,
            replace_existing=True,
        )
    scheduler.start()


def _shutdown(scheduler: BlockingScheduler) -> None:
    stop_running_crawl()
    scheduler.shutdown(wait=True)
