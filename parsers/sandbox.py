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
that a resumed crawl does not spend the limits on the same file again.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

from parsers.errors import NotAReport, ParseError
from parsers.limits import ParseLimitExceeded, ParseLimits, too_complex, too_large

#: documents one worker reads before it is replaced (fragmented heaps only grow)
MAX_JOBS = 200
#: seconds a new worker may take to import the readers
START_TIMEOUT = 90.0
_MEMORY_WORDS = ("MemoryError", "bad_alloc", "out of memory", "Cannot allocate", "ENOMEM")


class WorkerCrashed(RuntimeError):
    """The parser raised an unexpected exception (a bug): the child's traceback is the message."""


class WorkerUnavailable(RuntimeError):
    """No worker could be started: a fault of this machine, never of the document."""


def failure_key(data: bytes) -> tuple[str, str]:
    """(sha256 of the bytes, parser version): what a failed parse is remembered by."""
    from parsers import PARSER_VERSION

    return hashlib.sha256(data).hexdigest(), PARSER_VERSION


class _Worker:
    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self.jobs = 0
        self.peak_kb = 0
        # the worker's stderr, read only to explain its death; closed in death()
        self.stderr: IO[bytes] = tempfile.TemporaryFile(prefix="nianbao-worker-")  # noqa: SIM115
        env = dict(os.environ)
        root = str(Path(__file__).resolve().parent.parent)
        env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
        # one thread each: fewer arenas and stacks under the address-space cap, no oversubscription
        env.update(OMP_THREAD_LIMIT="1", OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1")
        env.update(MALLOC_ARENA_MAX="2")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "parsers.worker", str(memory_mb)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.stderr,
            env=env,
            start_new_session=True,  # a Ctrl-C meant for the crawl does not fail a document
        )
        self.buf = b""
        if self._recv(time.monotonic() + START_TIMEOUT) is None:
            self.kill()
            raise WorkerUnavailable(f"the parser worker did not start ({self._stderr_tail()})")

    def send(self, request: dict[str, Any], data: bytes) -> bool:
        from parsers.worker import write_frame

        assert self.proc.stdin is not None
        try:
            write_frame(self.proc.stdin, json.dumps(request).encode())
            write_frame(self.proc.stdin, data)
        except (BrokenPipeError, OSError):
            return False
        self.jobs += 1
        return True

    def _recv(self, deadline: float) -> dict[str, Any] | None:
        """One answer frame, or None when the worker died or the deadline passed."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while True:
            if len(self.buf) >= 4:
                size = int.from_bytes(self.buf[:4], "big")
                if len(self.buf) >= 4 + size:
                    frame, self.buf = self.buf[4 : 4 + size], self.buf[4 + size :]
                    answer: dict[str, Any] = json.loads(frame)
                    return answer
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 1 << 20)
                if not chunk:
                    return None
                self.buf += chunk

    def kill(self) -> None:
        if self.proc.returncode is None:
            # reaped with wait4, not Popen.wait: the peak memory of a dead worker names the cause
            try:
                pid, status, usage = os.wait4(self.proc.pid, os.WNOHANG)
                if not pid:
                    # the worker leads its own process group: tesseract or LibreOffice go too
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(self.proc.pid, signal.SIGKILL)
                    pid, status, usage = os.wait4(self.proc.pid, 0)
                self.proc.returncode = os.waitstatus_to_exitcode(status)
                self.peak_kb = usage.ru_maxrss
            except ChildProcessError:
                self.proc.wait()
        for pipe in (self.proc.stdin, self.proc.stdout):
            if pipe is not None:
                with contextlib.suppress(OSError):
                    pipe.close()

    def retire(self) -> None:
        self.kill()
        self.stderr.close()

    def _stderr_tail(self) -> str:
        self.stderr.seek(0, os.SEEK_END)
        size = self.stderr.tell()
        self.stderr.seek(max(0, size - 4000))
        lines = self.stderr.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1][:200] if lines else "no message"

    def death(self, limits: ParseLimits, timed_out: bool) -> ParseError:
        """Kill the worker and say why the document it was reading failed."""
        self.kill()
        code = self.proc.returncode
        tail = self._stderr_tail()
        self.stderr.close()
        if timed_out:
            return too_complex(f"no result after {limits.wall_seconds} s (wall-clock limit)")
        if code == -signal.SIGXCPU:
            return too_complex(f"reading it took over {limits.cpu_seconds} s of CPU (limit)")
        grown = self.peak_kb * 1024 > limits.memory_mb << 19  # over half the cap when it died
        if any(w in tail for w in _MEMORY_WORDS) or code == -signal.SIGKILL or grown:
            return too_large(f"reading it needs more than the {limits.memory_mb} MiB memory limit")
        what = f"signal {-code}" if code < 0 else f"exit status {code}"
        with contextlib.suppress(ValueError):
            what = f"signal {signal.Signals(-code).name}" if code < 0 else what
        return ParseError(f"the reader crashed on this file ({what}: {tail})")


class _Pool:
    """One worker, used by one caller at a time (PDFium is not thread-safe anyway)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.worker: _Worker | None = None

    def parse(
        self, data: bytes, name: str | None, limits: ParseLimits, text: dict[str, Any] | None
    ) -> dict[str, Any]:
        with self.lock:
            worker = self.worker
            if worker is None or worker.memory_mb != limits.memory_mb or worker.jobs >= MAX_JOBS:
                if worker is not None:
                    worker.retire()
                worker = self.worker = _Worker(limits.memory_mb)
            request = {"name": name, "limits": limits.as_dict(), "main_text": text}
            deadline = time.monotonic() + limits.wall_seconds
            if not worker.send(request, data):
                # it died while idle (killed from outside): not this document's fault
                worker.retire()
                worker = self.worker = _Worker(limits.memory_mb)
                deadline = time.monotonic() + limits.wall_seconds
                if not worker.send(request, data):
                    raise WorkerUnavailable("the parser worker stopped before reading the document")
            answer = worker._recv(deadline)
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
