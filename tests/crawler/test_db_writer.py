"""The crawl's writer thread: jobs grouped when they pile up, an error stays its job's own."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Sequence

import pytest

from crawler.db_writer import ArchiveWriter


def test_pending_jobs_are_done_as_one_group_and_a_failure_is_only_its_own() -> None:
    writer = ArchiveWriter()
    gate = threading.Event()
    groups: list[list[int]] = []

    def group(jobs: Sequence[int]) -> list[int]:
        groups.append(list(jobs))
        if 13 in jobs:
            raise ValueError("unlucky")
        return [j * 10 for j in jobs]

    async def main() -> list[object]:
        blocker = asyncio.ensure_future(writer.run(gate.wait))  # the writer is busy meanwhile
        await asyncio.sleep(0.05)
        waits = [asyncio.ensure_future(writer.grouped(group, j)) for j in (1, 2, 13, 4)]
        await asyncio.sleep(0.05)
        gate.set()
        await blocker
        return await asyncio.gather(*waits, return_exceptions=True)

    results = asyncio.run(main())
    writer.close()
    assert results[:2] == [10, 20] and results[3] == 40
    assert isinstance(results[2], ValueError)
    assert groups[0] == [1, 2, 13, 4]  # tried together first, then each alone
    assert [1] in groups and [13] in groups


def test_jobs_run_in_the_order_they_were_asked_for_and_close_finishes_them() -> None:
    writer = ArchiveWriter()
    seen: list[str] = []
    writer.call(seen.append, "a")
    writer.call(seen.append, "b")
    writer.close()
    assert seen == ["a", "b"]
    with pytest.raises(RuntimeError):
        writer.call(seen.append, "c")
