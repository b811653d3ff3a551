"""``nianbao enqueue``, ``nianbao worker``, ``nianbao cluster status``: the crawl on many machines."""

from __future__ import annotations

from pathlib import Path

import typer

from nianbao.cli.app import FormatOption, OutputFormat, app, err, fail, print_json
from nianbao.cli.options import ArchiveOption, DbOption, sessions_or_fail, settings_or_fail

cluster_app = typer.Typer(
    help="Watch the crawl spread over several machines.", no_args_is_help=True
)
app.add_typer(cluster_app, name="cluster")


def _postgres_or_fail(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        fail(
            f"the cluster needs a PostgreSQL --db (postgresql+psycopg://…), not {db_url.split(':')[0]}"
        )


@app.command()
def enqueue(
    seeds: Path = typer.Option(None, "--seeds", help="seeds CSV (default: the shipped registry)"),
    only: list[str] = typer.Option([], "--only", help="only these region codes"),
    batch_size: int = typer.Option(20, "--batch-size", help="portals per batch (about)"),
    full: bool = typer.Option(
        False, "--full", help="every batch fetches every known report page and attachment again"
    ),
    db: str = DbOption,
    archive: str = ArchiveOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Start a distributed crawl: one queued job per batch of portals that share no host
    (nothing, while a crawl of the same portals is still queued or running)."""
    from nianbao.cli.crawl_cmd import portals_or_fail
    from nianbao.cluster.batches import make_batches
    from nianbao.cluster.crawls import CrawlsOverlap, create_crawl, enqueuing, open_crawl_of
    from nianbao.cluster.queue import defer_batch, make_app
    from nianbao.crawl import register_portals

    settings = settings_or_fail(db, archive)
    _postgres_or_fail(settings.db_url)
    if not str(settings.archive_dir).startswith("s3://"):
        err.print(f"note: every worker must reach the archive folder {settings.archive_dir}")
    sessions = sessions_or_fail(settings)
    portals = register_portals(sessions, portals_or_fail(seeds, only, settings))
    with enqueuing(sessions):  # one enqueue at a time: two at once would both see none open
        try:
            still = open_crawl_of(sessions, portals, full)
        except CrawlsOverlap as exc:
            fail(str(exc))
        if still is not None:  # queued already: nothing is added (nor done twice)
            if format is OutputFormat.json:
                print_json(
                    {"crawl": still.crawl_id, "batches": still.batches, "queued_before": True}
                )
            else:
                typer.echo(f"crawl {still.crawl_id} of these portals is still queued or running")
            return
        batches = make_batches(portals, batch_size)
        crawl_id, rows = create_crawl(sessions, str(seeds or "registry"), batches, full=full)
    queue = make_app(settings.db_url)
    with queue.open():
        for batch_id, group in rows:
            defer_batch(queue, crawl_id, batch_id, group)
    if format is OutputFormat.json:
        print_json({"crawl": crawl_id, "batches": len(rows)})
    else:
        typer.echo(f"crawl {crawl_id}: {len(portals)} portals in {len(rows)} batches queued")


@app.command()
def worker(
    concurrency: int = typer.Option(1, "--concurrency", help="batches run at once"),
    until_empty: bool = typer.Option(False, "--until-empty", help="exit once no job is left"),
    time_limit: float = typer.Option(3600.0, "--time-limit", help="seconds a batch may take"),
    full: bool = typer.Option(
        False, "--full", help="run every batch as `crawl --full`, whether or not it was queued so"
    ),
    db: str = DbOption,
    archive: str = ArchiveOption,
) -> None:
    """Run queued crawl jobs, each batch in its own process, until stopped (SIGTERM: finish)."""
    import asyncio
    import logging

    from nianbao.cluster.worker import run_worker

    settings = settings_or_fail(db, archive)
    _postgres_or_fail(settings.db_url)
    sessions_or_fail(settings)  # the schema must be there (`nianbao db upgrade`)
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s: %(message)s")
    asyncio.run(
        run_worker(
            settings.db_url, str(settings.archive_dir), concurrency, until_empty, time_limit, full
        )
    )


@cluster_app.command("status")
def status(db: str = DbOption, format: OutputFormat = FormatOption) -> None:
    """Batches and portals per crawl, the responses archived so far, and the workers with
    their heartbeats and running batch."""
    import psycopg

    from nianbao.cluster.crawls import cluster_status
    from nianbao.cluster.queue import QUEUE, conninfo

    settings = settings_or_fail(db, None)
    _postgres_or_fail(settings.db_url)
    with sessions_or_fail(settings)() as session:
        crawls = cluster_status(session)
    with psycopg.connect(conninfo(settings.db_url)) as conn:
        rows = conn.execute(
            "SELECT w.id, w.last_heartbeat, j.args->>'batch_id' FROM procrastinate_workers w "
            "LEFT JOIN procrastinate_jobs j ON j.worker_id = w.id AND j.status = 'doing' "
            "AND j.queue_name = %s ORDER BY w.id",
            (QUEUE,),
        ).fetchall()
    workers = [
        {"name": f"worker-{wid}", "last_seen": seen.isoformat(), "batch": int(b) if b else None}
        for wid, seen, b in rows
    ]
    if format is OutputFormat.json:
        print_json({"crawls": crawls, "workers": workers})
        return
    for c in crawls:
        b = c["batches"]
        typer.echo(
            f"crawl {c['crawl']} ({c['status']}, started {c['started']}): {b['queued']} queued, "
            f"{b['running']} running, {b['done']} done, {b['failed']} failed batches; portals "
            f"{c['portals']['done']}/{c['portals']['total']} done; "
            f"{c['responses']} responses archived"
        )
    for w in workers:
        typer.echo(f"{w['name']}: last seen {w['last_seen']}, batch {w['batch'] or '-'}")
