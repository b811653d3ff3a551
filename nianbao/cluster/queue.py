"""The Procrastinate app of the cluster: its connection, schema and the batch task.

The queue lives in the project's own PostgreSQL database, so a cluster needs
nothing new to operate.  Procrastinate's locks do the coordination: a job's
``lock`` is its host group (two batches of one group never run at once), its
``queueing_lock`` the batch (a batch is never queued twice).  A group's number
names the same hosts only among crawls cut into as many groups, so ``nianbao
enqueue`` also keeps two crawls from being open at once over one registrable
domain: the same portals again add nothing, others on their domains are refused.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy.engine import make_url

QUEUE = "crawl"
TASK = "nianbao.crawl_batch"
#: tries per batch: a batch handed back (SIGTERM, a crash) or taken from a dead worker
MAX_ATTEMPTS = 3


def conninfo(db_url: str) -> str:
    """The libpq form of a SQLAlchemy PostgreSQL URL."""
    url = make_url(db_url)
    if url.get_backend_name() != "postgresql":
        raise ValueError(f"the cluster needs a PostgreSQL database, not {url.get_backend_name()}")
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


@cache
def make_app(db_url: str) -> Any:
    """The app with its one task registered (see ``nianbao.cluster.worker.crawl_batch``)."""
    import procrastinate

    from nianbao.cluster.worker import crawl_batch

    app = procrastinate.App(
        connector=procrastinate.PsycopgConnector(conninfo=conninfo(db_url)),
    )
    app.task(
        name=TASK,
        queue=QUEUE,
        pass_context=True,
        retry=procrastinate.RetryStrategy(max_attempts=MAX_ATTEMPTS - 1, wait=2),
    )(crawl_batch)
    return app


def ensure_schema(db_url: str) -> bool:
    """Create Procrastinate's tables if absent (run by ``nianbao db upgrade``); True if created."""
    import psycopg

    with psycopg.connect(conninfo(db_url), autocommit=True) as conn:
        exists = conn.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
        if exists and exists[0]:
            return False
    app = make_app(db_url)
    with app.open():
        app.schema_manager.apply_schema()
    return True


def defer_batch(app: Any, crawl_id: int, batch_id: int, group: int) -> int:
    task = app.tasks[TASK].configure(lock=f"hosts:{group}", queueing_lock=f"batch:{batch_id}")
    return int(task.defer(crawl_id=crawl_id, batch_id=batch_id))
