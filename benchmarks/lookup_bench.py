"""Lookup speed on a realistic archive: 100,000 captures, on SQLite and on PostgreSQL.

Builds the database with bulk inserts through the project's own migrations
(so the indexes measured are the ones shipped), then times lookups by URL
and by region through the very functions ``nianbao lookup`` and
``nianbao serve`` call, and prints p50/p95 per backend.  The target is a
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
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, insert, text
from sqlalchemy.orm import Session, sessionmaker

from archive.db import open_database
from archive.lookup import captures_for_url, reports_for_region, resolve_region
from archive.models import Capture, Document, Organ, Region, Report, ReportVersion

PG_ADMIN = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
PREFECTURES, COUNTIES, ORGANS, YEARS = 20, 10, 5, (2019, 2020, 2021, 2022, 2023)
CHUNK = 5000
T0 = datetime(2024, 1, 1, tzinfo=UTC)


def _cells(rng: random.Random) -> dict[str, int]:
    """About 200 cells, the size of a real report/1, so the region lookup decodes real JSON."""
    return {f"requests.row{i // 7}.col{i % 7}": rng.randint(0, 500) for i in range(198)}


def build(sessions: sessionmaker[Session], n_captures: int, seed: int = 7) -> dict[str, list[str]]:
    """Fill the database; returns the URLs and region codes to look up."""
    rng = random.Random(seed)
    regions = [{"code": "990000", "name": "测试省", "level": "province", "parent_code": None}]
    for p in range(1, PREFECTURES + 1):
        pcode = f"99{p:02d}00"
        regions.append(
            {"code": pcode, "name": f"测试{p}市", "level": "prefecture", "parent_code": "990000"}
        )
        for c in range(1, COUNTIES + 1):
            regions.append(
                {
                    "code": f"99{p:02d}{c:02d}",
                    "name": f"测试{p}市{c}县",
                    "level": "county",
                    "parent_code": pcode,
                }
            )
    organs = [
        {"id": i + 1, "region_code": r["code"], "name": f"{r['name']}机关{k}"}
        for i, (r, k) in enumerate((r, k) for r in regions[1:] for k in range(ORGANS))
    ]
    reports, versions, documents = [], [], []
    report_urls: list[str] = []
    for organ in organs:
        for year in YEARS:
            rid = len(reports) + 1
            reports.append(
                {
                    "id": rid,
                    "organ_id": organ["id"],
                    "year": year,
                    "title": f"{organ['name']}{year}年报告",
                    "status": "present",
                }
            )
            url = f"http://gov{organ['id']}.example.cn/zwgk/xxgknb/{year + 1}02/t{rid:07d}.html"
            report_urls.append(url)
            documents.append(
                {
                    "id": rid,
                    "url": url,
                    "kind": "article",
                    "report_id": rid,
                    "first_seen": T0,
                    "last_seen": T0,
                }
            )
            for v in range(1 if rng.random() < 0.8 else 2):
                versions.append(
                    {
                        "report_id": rid,
                        "capture_id": 1,
                        "document_id": rid,
                        "content_hash": uuid.uuid4().hex * 2,
                        "sha256": uuid.uuid4().hex * 2,
                        "first_seen": T0 + timedelta(days=v),
                        "last_seen": T0 + timedelta(days=v),
                        "parser_version": "bench",
                        "parsed": {
                            "schema": "report/1",
                            "year": year,
                            "template": "2019",
                            "cells": _cells(rng),
                        },
                        "text": None,
                    }
                )
    other_urls = [
        f"http://gov{rng.randint(1, len(organs))}.example.cn/zwgk/list_{i}.html"
        for i in range(len(report_urls))
    ]
    all_urls = report_urls + other_urls
    with sessions() as s:
        for table, rows in (
            (Region, regions),
            (Organ, organs),
            (Report, reports),
            (Document, documents),
        ):
            for i in range(0, len(rows), CHUNK):
                s.execute(insert(table), rows[i : i + CHUNK])
        captures: list[dict[str, Any]] = []
        for i in range(n_captures):
            url = all_urls[i % len(all_urls)]
            captures.append(
                {
                    "url": url,
                    "method": "GET",
                    "fetched_at": T0 + timedelta(minutes=i),
                    "status": 200,
                    "request_headers": [],
                    "response_headers": [["Content-Type", "text/html"]],
                    "content_type": "text/html",
                    "sha256": f"{i:064x}",
                    "size": 1000 + i % 5000,
                    "warc_file": f"bench-{i // 10000:05d}.warc.gz",
                    "warc_offset": i * 100,
                    "warc_length": 100,
                    "warc_record_id": f"<urn:uuid:{uuid.UUID(int=i)}>",
                    "warc_type": "response",
                    "changed": i >= len(all_urls),
                }
            )
            if len(captures) == CHUNK:
                s.execute(insert(Capture), captures)
                captures = []
        if captures:
            s.execute(insert(Capture), captures)
        for i in range(0, len(versions), CHUNK):
            s.execute(insert(ReportVersion), versions[i : i + CHUNK])
        s.commit()
    counties = [r["code"] for r in regions if r["level"] == "county"]
    prefectures = [r["code"] for r in regions if r["level"] == "prefecture"]
    captured = all_urls[: min(n_captures, len(all_urls))]
    return {"urls": captured, "counties": counties, "prefectures": prefectures}


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
                assert reports_for_region(s, region)

        return run

    for fn in (by_url, by_region("counties")):  # warm the caches and the connection pool
        for _ in range(20):
            fn()
    return {
        "url": timed(by_url, n),
        "region_county": timed(by_region("counties"), n),
        "region_prefecture": timed(by_region("prefectures"), max(20, n // 10)),
    }


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
        yield PG_ADMIN.rsplit("/", 1)[0] + f"/{name}"
    finally:
        open_database.cache_clear()
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def run_backend(backend: str, n_captures: int, lookups: int) -> dict[str, Any]:
    with sqlite_url() if backend == "sqlite" else postgres_url() as url:
        sessions = open_database(url)
        start = time.perf_counter()
        keys = build(sessions, n_captures)
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
                for k in ("url", "region_county", "region_prefecture")
            ),
            file=sys.stderr if args.json else sys.stdout,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
