"""What changes between two simulated nights of the crawl benchmark (benchmarks/crawl_bench.py).

Real portals' pages change every night without news (a visit counter, a
clock), so a second night that found every page byte for byte the same would
flatter the schedule; and it runs minutes after the first, so its captures
are dated by the schedule's clock, as a crawl a day later would have dated
them, for the next night's rolling schedule to read.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any


def date_captures(db: str, crawl_id: int, days: int) -> None:
    """Date a simulated night's captures by the schedule's clock: ``days`` after the first
    night, as a crawl that many days later would have dated them."""
    from sqlalchemy import bindparam, create_engine, select, update

    from archive.models import Capture

    engine = create_engine(db)
    with engine.begin() as conn:
        rows = conn.execute(
            select(Capture.id, Capture.fetched_at).where(Capture.crawl_id == crawl_id)
        ).all()
        conn.execute(
            update(Capture)
            .where(Capture.id == bindparam("cid"))
            .values(fetched_at=bindparam("at")),
            [{"cid": cid, "at": at + timedelta(days=days)} for cid, at in rows],
        )
    engine.dispose()


def move_counters(ps: dict[str, Any], n: int) -> None:
    """Every HTML page's visit counter moves overnight, as on real portals."""
    for _, _, p in ps.values():
        for path, (ctype, data) in list(p.site.files.items()):
            if ctype.startswith("text/html"):
                body = data.split(b"<!--visits-->")[0].replace(b"</body>", b"")
                p.site.files[path] = (ctype, body + f"<!--visits-->{n}</body>".encode())
