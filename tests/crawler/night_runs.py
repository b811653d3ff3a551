"""Crawls a night apart, for the tests of the nightly schedule.

A night is one ``nianbao crawl`` with the schedule's clock set to its date
(``NIANBAO_SCHEDULE_DATE``) and no politeness delay (the servers are on
loopback); between nights every page's visit counter moves, as on real portals,
so that no page comes back byte for byte; and the alerts a night raised are
read from the database as a reader of them would.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime
from typing import Any

from tests.conftest import Run, Workspace

FAST = json.dumps({"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False})
#: night 1 is today: captures are stamped with the real time, the schedule's clock moves on
D0 = datetime.now(UTC).date()


def night(ws: Workspace, seeds: str, day: date, *extra: str) -> dict:  # type: ignore[type-arg]
    run = night_run(ws, seeds, day, *extra)
    return run.json()  # type: ignore[no-any-return]


def night_run(
    ws: Workspace, seeds: str, day: date, *extra: str, scrapy: dict[str, Any] | None = None
) -> Run:
    """The night's crawl, which must succeed; ``scrapy``: Scrapy settings besides ``FAST``."""
    ws.env["NIANBAO_SCHEDULE_DATE"] = day.isoformat()
    ws.env["NIANBAO_SCRAPY_SETTINGS"] = json.dumps(json.loads(FAST) | (scrapy or {}))
    run = ws.run("crawl", "--seeds", seeds, "--format", "json", *extra)
    assert run.returncode == 0, run.stderr
    return run


def move_counters(site: object, n: int) -> None:
    files = site.files  # type: ignore[attr-defined]
    for path, (ctype, data) in list(files.items()):
        if ctype.startswith("text/html"):
            counted = data.split(b"<!--visits-->")[0].replace(b"</body>", b"")
            files[path] = (ctype, counted + f"<!--visits--><span>{n}</span></body>".encode())


def alerts(ws: Workspace, crawl_id: int) -> list[tuple[str, Any]]:
    con = sqlite3.connect(ws.db_file)
    rows = con.execute(
        "select a.kind, o.name, r.year, a.details from alerts a join reports r on r.id = a.report_id"
        " join organs o on o.id = r.organ_id where a.crawl_id = ? order by a.id",
        (crawl_id,),
    ).fetchall()
    return [
        (kind, (organ, year), json.loads(details or "{}")) for kind, organ, year, details in rows
    ]
