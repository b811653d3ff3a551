"""One worker process as its parent sees it: started, fed, read, killed and explained.

``parsers.worker`` is the child side; this is the parent's handle on one such
child: it starts the worker in a process group of its own with a capped
environment, sends it a request and a document in frames, reads the answer
within a deadline, and when the worker dies reaps it and names the limit that
killed it.  Kept apart from ``parsers.sandbox``, which decides when a worker is
reused or replaced and turns its answers into reports and errors.
"""

from __future__ import annotations

import contextlib
import json
import os
import select
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import IO, Any

from parsers.errors import ParseError
from parsers.limits import ParseLimits, too_complex, too_large

#: seconds a new worker may take to import the readers
START_TIMEOUT = 90.0
_MEMORY_WORDS = ("MemoryError", "bad_alloc", "out of memory", "Cannot allocate", "ENOMEM")


class WorkerUnavailable(RuntimeError):
    """No worker could be started: a fault of this machine, never of the document."""


class WorkerProcess:
    """One ``parsers.worker`` child, started with a cap of ``memory_mb`` MiB."""

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
        if self.recv(time.monotonic() + START_TIMEOUT) is None:
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

    def recv(self, deadline: float) -> dict[str, Any] | None:
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
