"""Parse a document in a worker process under OS limits: a hostile file costs one child.

A memory bomb that gets past the readers' own checks must not take the
crawl (and every other portal's night) down with it, so the crawl and
``nianbao parse`` hand documents to a worker (``parsers.worker``) whose
address space and CPU time the kernel caps.  The worker is reused while it
behaves and replaced when it dies, runs out of memory, grows too big, or
changes limits.  Whatever happens, ``parse_isolated`` either returns a
``report/1`` dict or raises a ``ParseError`` with one line of reason; over a
limit that is a ``ParseLimitExceeded`` starting ``too large:`` or
``too complex:``.  Every error it raises carries ``sha256`` and
``parser_version``, the key under which a caller remembers the failure so
that a resumed crawl does not spend the limits on the same file again.  One
worker process (starting it, the frames to and from it, the cause of its
death) is handled by ``parsers.worker_process``.
"""

from __future__ import annotations

import atexit
import hashlib
import threading
import time
from typing import Any

from parsers.errors import NotAReport, ParseError
from parsers.limits import ParseLimitExceeded, ParseLimits, too_large
from parsers.worker_process import WorkerProcess, WorkerUnavailable

#: documents one worker reads before it is replaced (fragmented heaps only grow)
MAX_JOBS = 200


class WorkerCrashed(RuntimeError):
    """The parser raised an unexpected exception (a bug): the child's traceback is the message."""


def failure_key(data: bytes) -> tuple[str, str]:
    """(sha256 of the bytes, parser version): what a failed parse is remembered by."""
    from parsers import PARSER_VERSION

    return hashlib.sha256(data).hexdigest(), PARSER_VERSION


class _Pool:
    """One worker, used by one caller at a time (PDFium is not thread-safe anyway)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.worker: WorkerProcess | None = None

    def parse(
        self, data: bytes, name: str | None, limits: ParseLimits, text: dict[str, Any] | None
    ) -> dict[str, Any]:
        with self.lock:
            worker = self.worker
            if worker is None or worker.memory_mb != limits.memory_mb or worker.jobs >= MAX_JOBS:
                if worker is not None:
                    worker.retire()
                worker = self.worker = WorkerProcess(limits.memory_mb)
            request = {"name": name, "limits": limits.as_dict(), "main_text": text}
            deadline = time.monotonic() + limits.wall_seconds
            if not worker.send(request, data):
                # it died while idle (killed from outside): not this document's fault
                worker.retire()
                worker = self.worker = WorkerProcess(limits.memory_mb)
                deadline = time.monotonic() + limits.wall_seconds
                if not worker.send(request, data):
                    raise WorkerUnavailable("the parser worker stopped before reading the document")
            answer = worker.recv(deadline)
            if answer is None:
                self.worker = None
                raise worker.death(limits, timed_out=time.monotonic() >= deadline)
            if answer.get("fatal") or answer.get("vm_peak_kb", 0) * 2048 > limits.memory_mb << 20:
                worker.retire()  # out of memory once, or grown to half its cap: start afresh
                self.worker = None
            return answer

    def close(self) -> None:
        with self.lock:
            if self.worker is not None:
                self.worker.retire()
                self.worker = None


_POOL = _Pool()
atexit.register(_POOL.close)
_ERRORS: dict[str, type[ParseError]] = {
    "ParseError": ParseError,
    "NotAReport": NotAReport,
    "ParseLimitExceeded": ParseLimitExceeded,
}


def parse_isolated(
    data: bytes, name: str | None = None, limits: ParseLimits | None = None
) -> dict[str, object]:
    """``parse_bytes`` in the worker process, under ``limits`` (the defaults when None).

    Raises ``ParseError`` (``ParseLimitExceeded`` over a limit, ``NotAReport``)
    with ``.sha256`` and ``.parser_version`` set; a parser bug comes out as
    ``WorkerCrashed``.
    """
    report, error, _ = read_isolated(data, name, limits)
    if error is not None:
        raise error
    assert report is not None
    return report


def read_isolated(
    data: bytes,
    name: str | None = None,
    limits: ParseLimits | None = None,
    text_encoding: str | None = None,
) -> tuple[dict[str, object] | None, ParseError | None, str | None]:
    """(report, or the ``ParseError`` that refused it; the page's main text) from the worker.

    With ``text_encoding`` the worker also reads an HTML page's main text
    (``parsers.maintext``), under the same limits, whether or not the page is a
    report: None when it is not asked for or the worker died reading the file.
    A parser bug is raised as ``WorkerCrashed``.
    """
    limits = limits or ParseLimits()
    text: dict[str, Any] | None = None
    if text_encoding is not None:
        text = {"encoding": text_encoding, "max": limits.html_main_text_kb << 10}
    try:
        if len(data) > limits.file_mb << 20:
            raise too_large(f"a file of {len(data) >> 20} MiB (limit {limits.file_mb} MiB)")
        answer = _POOL.parse(data, name, limits, text)
        if "ok" in answer:
            return answer["ok"], None, answer.get("text")
        if answer.get("error") == "bug":
            raise WorkerCrashed(answer.get("traceback") or answer.get("message"))
        cls = _ERRORS.get(str(answer.get("error")), ParseError)
        error = cls(str(answer.get("message")))
        error.sha256, error.parser_version = failure_key(data)  # type: ignore[attr-defined]
        return None, error, answer.get("text")
    except ParseError as exc:  # refused before it was read, or the worker died reading it
        exc.sha256, exc.parser_version = failure_key(data)  # type: ignore[attr-defined]
        return None, exc, None


def shutdown() -> None:
    """Stop the worker (it also stops by itself when this process goes)."""
    _POOL.close()
