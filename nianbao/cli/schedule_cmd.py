"""``nianbao schedule``: the nightly crawl in the foreground."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import typer

from nianbao.cli.app import app, err, fail
from nianbao.cli.options import ArchiveOption, DbOption, sessions_or_fail, settings_or_fail


@app.command()
def schedule(
    at: str = typer.Option(
        None, "--time", help="local time of the nightly crawl, HH:MM (default 02:00)"
    ),
    timezone: str = typer.Option(None, "--timezone", help="time zone (default Asia/Shanghai)"),
    seeds: Path = typer.Option(None, "--seeds", help="seeds CSV (default: the shipped registry)"),
    run_now: bool = typer.Option(False, "--run-now", help="also crawl once right away"),
    enqueue: bool = typer.Option(
        None,
        "--enqueue/--no-enqueue",
        help="queue the crawl for `nianbao worker`s instead of crawling here "
        "(default: yes with PostgreSQL and an s3:// archive)",
        show_default=False,
    ),
    full: bool = typer.Option(
        False, "--full", help="every night, fetch every known report page and attachment again"
    ),
    db: str = DbOption,
    archive: str = ArchiveOption,
) -> None:
    """Run the nightly crawl under APScheduler until stopped (SIGTERM or Ctrl-C)."""
    import logging
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from nianbao import scheduler as nightly

    settings = settings_or_fail(db, archive)
    if at is not None:
        settings = replace(settings, schedule_time=at)
    if timezone is not None:
        settings = replace(settings, schedule_timezone=timezone)
    if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", settings.schedule_time):
        fail(f"bad time {settings.schedule_time!r}: give HH:MM")
    try:
        ZoneInfo(settings.schedule_timezone)
    except (ZoneInfoNotFoundError, ValueError):
        fail(f"unknown time zone {settings.schedule_timezone!r}")
    if seeds is not None and not seeds.is_file():
        fail(f"{seeds}: cannot read: no such file")
    sessions_or_fail(settings)  # migrate, and fail early on a bad database
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s: %(message)s")
    if enqueue is None:
        enqueue = settings.db_url.startswith("postgresql") and str(settings.archive_dir).startswith(
            "s3://"
        )
    if enqueue and not settings.db_url.startswith("postgresql"):
        fail("--enqueue needs a PostgreSQL --db: the job queue lives there")
    seeds_path = str(seeds.resolve()) if seeds else None
    sched = nightly.build_scheduler(settings, seeds_path, enqueue, full)
    err.print(
        f"nightly {'enqueue' if enqueue else 'crawl'} at {settings.schedule_time} "
        f"{settings.schedule_timezone}"
        f"{' (and now)' if run_now else ''}; SIGTERM or Ctrl-C stops",
        highlight=False,
    )
    nightly.run_forever(sched, run_now=run_now)
    err.print("scheduler stopped", highlight=False)
