"""Cluster benchmark: latency-bound portals crawled by 1, 2 and 4 workers.

Real portals answer slowly (here every response waits ``--delay`` seconds, 0.2 by
default) and hold years of reports (``--years``, 8 by default: some 38 pages a
portal, TRS WCM as crawl_bench builds them), so a crawl is bound by per-host
politeness and latency, not by this machine: more workers should crawl
proportionally more pages per second.  For
each worker count it makes a fresh PostgreSQL database on 127.0.0.1:5432 and a
fresh archive folder, queues the same portals (``nianbao enqueue``), runs that
many ``nianbao worker --until-empty`` processes, and prints pages/s, the scaling
ratio against one worker (rate(N) / (N × rate(1)); the goal is ≥ 0.8), and the
most requests any one portal was answering at once (never above
CONCURRENT_REQUESTS_PER_DOMAIN).

    .venv/bin/python benchmarks/cluster_bench.py [--portals 16] [--workers 1 2 4] [--delay 0.2] [--years 8]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from crawler import settings as crawl_settings  # noqa: E402
from nianbao.demo.server import PortalServers  # noqa: E402
from registry.seeds import SEEDS_HEADER  # noqa: E402
from tests.portals.plain import trs_portal  # noqa: E402

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
NIANBAO = str(Path(sys.executable).with_name("nianbao"))


def run_once(
    workers: int, addresses: list[str], delay: float, batch_size: int, years: int
) -> dict[str, Any]:
    sites = {}
    for i, a in enumerate(addresses):
        site = trs_portal(f"{990100 + i}", f"县{i}", years=range(2025 - years, 2025)).site
        site.delay = delay
        sites[a] = site
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"nianbao_cbench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    try:
        with PortalServers(sites, port=0) as servers, tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, NIANBAO_DB=db, NIANBAO_ARCHIVE=str(Path(tmp) / "archive"))
            seeds = Path(tmp) / "seeds.csv"
            rows = [",".join(SEEDS_HEADER)] + [
                f"{990100 + i},县{i},county,231000,{servers.url(a, '/index.html')}"
                for i, a in enumerate(addresses)
            ]
            seeds.write_text("\n".join(rows) + "\n", encoding="utf-8")
            subprocess.run([NIANBAO, "db", "upgrade"], env=env, check=True, capture_output=True)
            subprocess.run(
                [NIANBAO, "enqueue", "--seeds", str(seeds), "--batch-size", str(batch_size)],
                env=env,
                check=True,
                capture_output=True,
            )
            start = time.perf_counter()
            procs = [
                subprocess.Popen([NIANBAO, "worker", "--until-empty"], env=env, cwd=tmp)
                for _ in range(workers)
            ]
            codes = [p.wait() for p in procs]
            seconds = time.perf_counter() - start
            engine = create_engine(db)
            with engine.connect() as conn:
                pages = conn.execute(text("select count(*) from captures")).scalar() or 0
                reports = conn.execute(text("select count(*) from reports")).scalar() or 0
            engine.dispose()
            busiest = max(s.max_active for s in servers.servers.values())
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return {
        "workers": workers,
        "exit_codes": codes,
        "seconds": round(seconds, 1),
        "pages": pages,
        "reports": reports,
        "pages_per_second": round(pages / seconds, 2),
        "max_concurrent_per_host": busiest,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--portals", type=int, default=16)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    ap.add_argument("--delay", type=float, default=0.2)
    ap.add_argument("--batch-size", type=int, default=2)
    ap.add_argument("--years", type=int, default=8)
    args = ap.parse_args()
    addresses = [f"127.0.1.{10 + i}" for i in range(args.portals)]
    results = [
        run_once(w, addresses, args.delay, args.batch_size, args.years) for w in args.workers
    ]
    base = next((r for r in results if r["workers"] == 1), None)
    for r in results:
        if base is not None:
            r["scaling"] = round(
                float(r["pages_per_second"])
                / (int(r["workers"]) * float(base["pages_per_second"])),
                2,
            )
    limit = crawl_settings.CONCURRENT_REQUESTS_PER_DOMAIN
    print(
        json.dumps(
            {
                "portals": args.portals,
                "delay": args.delay,
                "years": args.years,
                "per_host_limit": limit,
                "runs": results,
            },
            indent=2,
        )
    )
    if any(int(r["max_concurrent_per_host"]) > limit for r in results):
        raise SystemExit("a portal saw more concurrent requests than the per-host limit")


if __name__ == "__main__":
    main()
