"""The lookup benchmark, small: it builds its database, looks up, and reports p50/p95."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import create_engine

from tests.conftest import PG_ADMIN_URL

BENCH = Path(__file__).parents[2] / "benchmarks" / "lookup_bench.py"


def bench(*args: str) -> list[dict]:
    run = subprocess.run(
        [sys.executable, str(BENCH), "--captures", "3000", "--lookups", "20", "--json", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def test_benchmark_on_sqlite() -> None:
    [result] = bench("--backend", "sqlite")
    assert result["backend"] == "sqlite" and result["captures"] == 3000
    for kind in ("url", "region_county", "region_prefecture", "region_national_name"):
        assert 0 < result[kind]["p50_ms"] <= result[kind]["p95_ms"]
    assert result["regions_list"]["p50_ms"] < 2000  # 3,650 regions listed


@pytest.mark.postgres
def test_benchmark_on_postgres() -> None:
    create_engine(PG_ADMIN_URL).connect().close()  # fails loudly where the server is missing
    [result] = bench("--backend", "postgres")
    assert result["backend"] == "postgres" and result["url"]["p95_ms"] > 0
