"""The crawl benchmark runs, finds every report, and the servers saw per-host politeness."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "crawl_bench.py"


@pytest.mark.browser
@pytest.mark.skipif(not shutil.which("chromium"), reason="Debian chromium is not installed")
def test_benchmark_on_ten_mixed_portals() -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH), "--portals", "10"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr[-2000:]
    out = proc.stdout
    assert "pages/s" in out and "spent fetching" in out and out.rstrip().endswith("OK"), out
