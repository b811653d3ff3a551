"""Extraction stays cheap: the whole text path well above 50 reports a second."""

from __future__ import annotations

import time

from parsers import parse_bytes
from tests.parsers.seed_files import SEEDS


def test_parse_speed() -> None:
    data = [p.read_bytes() for p in sorted(SEEDS.glob("*.txt"))]
    start = time.perf_counter()
    n = 0
    for _ in range(10):
        for d in data:
            parse_bytes(d)
            n += 1
    rate = n / (time.perf_counter() - start)
    assert rate > 50, f"{rate:.0f} reports/s"
