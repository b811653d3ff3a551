"""One thread writes the crawl's archive and database, in groups, so the reactor never waits.

Archiving a response (blob, WARC records, their fsyncs, the capture row's commit)
and ingesting a document (its rows, its version, its cells, its facts' WARC
record) were most of a page's cost, and most of that was waiting on the disk and
the database.  On the reactor thread that wait stopped every download; here the
reactor goes on fetching and parsing while earlier pages are written.

Jobs that pile up while the writer is busy are done as a group: all the pending
captures through ``CaptureStore.record_group`` (one disk wait, one commit), all the
pending documents in one transaction.  A group only ever holds jobs already asked
for, so nothing waits for a group to fill.  One thread, not a pool: SQLite sees one
writer, the WARC writer (not thread-safe) is only used from here, and a job never
overtakes one that it could depend on (a document is asked for only once its
capture is committed).  A group that fails is done again job by job, so an error
is the one job's own, as it was before.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from typing import Any, TypeVar

logger = logging.getLogger(__name__)

_T = TypeVar("_T")
_R = TypeVar("_R")
#: the most jobs done as one group (one transaction)
MAX_GROUP = 64
#: a group function: jobs in, one result per job out, in order
Group = Callable[[Sequence[Any]], Sequence[Any]]


class ArchiveWriter:
    """Runs write jobs on its own thread, grouping those of one kind; awaitable from the reactor."""

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[Group | None, Any, Future[Any]] | None] = (
            queue.SimpleQueue()
        )
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name="archive-writer", daemon=True)
        self._thread.start()

    async def run(self, fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        """``fn(*args, **kwargs)`` alone on the writer thread, after every job asked for before."""
        return await asyncio.wrap_future(self._submit(None, functools.partial(fn, *args, **kwargs)))

    async def grouped(self, group: Callable[[Sequence[_T]], Sequence[_R]], job: _T) -> _R:
        """``group([job, …])[i]``: ``job`` done together with the other pending jobs of ``group``."""
        return await asyncio.wrap_future(self._submit(group, job))

    def call(self, fn: Callable[..., _T], *args: Any, **kwargs: Any) -> _T:
        """:meth:`run`, waited for by a blocking caller (the spider's close, say)."""
        return self._submit(None, functools.partial(fn, *args, **kwargs)).result()  # type: ignore[no-any-return]

    def close(self) -> None:
        """Finish every job asked for, then stop the thread."""
        if not self._closed:
            self._closed = True
            self._jobs.put(None)
            self._thread.join()

    def _submit(self, group: Group | None, job: Any) -> Future[Any]:
        if self._closed:
            raise RuntimeError("the archive writer is closed")
        done: Future[Any] = Future()
        self._jobs.put((group, job, done))
        return done

    def _loop(self) -> None:
        while True:
            batch = [self._jobs.get()]
            while batch[-1] is not None and len(batch) < MAX_GROUP:
                try:
                    batch.append(self._jobs.get_nowait())
                except queue.Empty:
                    break
            self._run([job for job in batch if job is not None])
            if batch[-1] is None:
                return

    def _run(self, batch: list[tuple[Group | None, Any, Future[Any]]]) -> None:
        """Single jobs in place; between two of them, each kind's jobs as one group."""
        pending: dict[Group, list[tuple[Any, Future[Any]]]] = {}
        for group, job, done in batch:
            if group is None:
                self._groups(pending)
                pending = {}
                _settle(done, job)
            else:
                pending.setdefault(group, []).append((job, done))
        self._groups(pending)

    @staticmethod
    def _groups(pending: dict[Group, list[tuple[Any, Future[Any]]]]) -> None:
        for group, jobs in pending.items():
            if len(jobs) > 1:
                try:
                    results = group([job for job, _ in jobs])
                except Exception:
                    logger.info("a group of %d writes failed; each is done alone", len(jobs))
                else:
                    for (_, done), result in zip(jobs, results, strict=True):
                        done.set_result(result)
                    continue
            for job, done in jobs:
                _settle(done, functools.partial(lambda g, j: g([j])[0], group, job))


def _settle(done: Future[Any], fn: Callable[[], Any]) -> None:
    try:
        done.set_result(fn())
    except BaseException as exc:  # the caller's await raises it
        done.set_exception(exc)
