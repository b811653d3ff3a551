"""Lookup speed on a realistic archive: 100,000 captures, on SQLite and on PostgreSQL.

Builds the database with bulk inserts through the project's own migrations
(so the indexes measured are the ones shipped), then times lookups by URL
and by region through the very functions ``nianbao lookup`` and
``nianbao serve`` call — with the national region registry (about 3,650 rows)
loaded — and the listing ``nianbao regions list`` does; prints p50/p95 per backend.  The target is a
p95 under 50 ms.  PostgreSQL is the server on 127.0.0.1:5432 (user postgres,
trust auth); the benchmark creates and drops a database of its own.

    python benchmarks/lookup_bench.py [--captures 100000] [--backend sqlite postgres]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench_data import build  # run as a script, benchmarks/ is on sys.path
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.orm import Session, sessionmaker

from archive.db import forget_databases, open_database, upgrade_database
from archive.lookup import captures_for_url, reports_for_region, resolve_region
from archive.models import Portal, Region
from registry import regions as registry
from registry.name_forms import short_name

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def timed(fn: Callable[[], Any], n: int) -> dict[str, float]:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return {
        "p50_ms": round(statistics.median(times), 2),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 2),
        "n": n,
    }


def measure(
    sessions: sessionmaker[Session], keys: dict[str, list[str]], n: int, archive: Path
) -> dict[str, Any]:
    rng = random.Random(11)

    def by_url() -> None:
        with sessions() as s:
            assert captures_for_url(s, rng.choice(keys["urls"]), archive)

    def by_region(pool: str) -> Callable[[], None]:
        def run() -> None:
            with sessions() as s:
                region = resolve_region(s, rng.choice(keys[pool]))
                assert region is not None
                assert reports_for_region(s, region.code)

        return run

    def national_name() -> None:
        with sessions() as s:
            assert resolve_region(s, rng.choice(keys["national"])) is not None

    def listing() -> None:
        """What ``nianbao regions list`` does: the registry merged with the database's rows."""
        with sessions() as s:
            in_db = {r.code: r.name for r in s.scalars(select(Region))}
            urls = {p.region_code: p.url for p in s.scalars(select(Portal))}
        rows = [
            (r.code, urls.get(r.code) or r.url, r.code in in_db) for r in registry.load_registry()
        ]
        assert len(rows) > 3000

    for fn in (by_url, by_region("counties"), national_name):  # warm caches and the pool
        for _ in range(20):
            fn()
    return {
        "url": timed(by_url, n),
        "region_county": timed(by_region("counties"), n),
        "region_prefecture": timed(by_region("prefectures"), max(20, n // 10)),
        "region_national_name": timed(national_name, n),
        "regions_list": timed(listing, max(5, n // 20)),
    }


def load_national(sessions: sessionmaker[Session]) -> list[str]:
    """The shipped national registry into the database (as ``regions import`` does);
    returns names to look up: unique county names, short names and qualified names."""
    rows = [
        {
            "code": r.code,
            "name": r.name,
            "level": r.level,
            "parent_code": r.parent_code,
            "full_name": registry.full_name(r.code),
            "valid_from": r.valid_from,
            "valid_to": r.valid_to,
            "superseded_by": r.superseded_by,
        }
        for r in registry.load_registry()
    ]
    with sessions() as s:
        for i in range(0, len(rows), 1000):
            s.execute(insert(Region), rows[i : i + 1000])
        s.commit()
    names = []
    for r in registry.load_registry():
        if r.level == "county" and r.current:
            for name in (r.name, short_name(r.name), registry.full_name(r.code)):
                if registry.resolve(name) is not None:
                    names.append(name)
    return names


@contextmanager
def sqlite_url() -> Iterator[str]:
    with tempfile.TemporaryDirectory() as tmp:
        yield f"sqlite:///{Path(tmp) / 'bench.db'}"


@contextmanager
def postgres_url() -> Iterator[str]:
    admin = create_engine(PG_ADMIN, isolation_level="AUTOCOMMIT")
    name = f"nianbao_bench_{uuid.uuid4().hex[:8]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        url = PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
        upgrade_database(url)
        yield url
    finally:
        forget_databases()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run_backend(backend: str, n_captures: int, lookups: int) -> dict[str, Any]:
    with sqlite_url() if backend == "sqlite" else postgres_url() as url:
        sessions = open_database(url)
        start = time.perf_counter()
        keys = build(sessions, n_captures)
        keys["national"] = load_national(sessions)
        built = time.perf_counter() - start
        if backend == "postgres":
            with sessions() as s:
                s.execute(text("ANALYZE"))
                s.commit()
        result = {"backend": backend, "captures": n_captures, "build_s": round(built, 1)}
        result.update(measure(sessions, keys, lookups, Path("archive")))
        sessions.kw["bind"].dispose()
        return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--captures", type=int, default=100_000)
    parser.add_argument("--lookups", type=int, default=300)
    parser.add_argument(
        "--backend", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"]
    )
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args(argv)
    results = []
    for backend in args.backend:
        try:
            results.append(run_backend(backend, args.captures, args.lookups))
        except Exception as exc:  # PostgreSQL absent: say so, measure the rest
            if backend != "postgres":
                raise
            print(
                f"postgres: skipped ({type(exc).__name__}: {str(exc).splitlines()[0]})",
                file=sys.stderr,
            )
    if args.json:
        print(json.dumps(results, indent=1))
    for r in results:
        print(
            f"{r['backend']:<9} {r['captures']} captures (built in {r['build_s']} s)  "
            + "  ".join(
                f"{k}: p50 {r[k]['p50_ms']} ms, p95 {r[k]['p95_ms']} ms"
                for k in (
                    "url",
                    "region_county",
                    "region_prefecture",
                    "region_national_name",
                    "regions_list",
                )
            ),
            file=sys.stderr if args.json else sys.stdout,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
