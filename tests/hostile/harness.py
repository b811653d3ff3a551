"""Run ``nianbao parse`` on one file and measure it as the kernel saw it.

``os.wait4`` returns the resource use of the process and of every child it
waited for (the parser worker, tesseract, LibreOffice): the peak resident
memory of the largest of them and the CPU time of all, so a test can hold
the whole parse to the campaign's bounds (no process above 1 GB, no
document above 60 s of CPU).
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import NIANBAO

#: the bounds the campaign judges by
MAX_RSS_MB = 1e9 / 2**20  # 1 GB
MAX_CPU_S = 60.0


@dataclass
class Measured:
    returncode: int
    stdout: str
    stderr: str
    wall: float
    cpu: float
    peak_mb: float


def parse_file(
    folder: Path, *files: Path, toml: str | None = None, timeout: float = 120
) -> Measured:
    """``nianbao parse FILES`` in ``folder`` (with ``nianbao.toml`` holding ``toml``)."""
    if toml is not None:
        (folder / "nianbao.toml").write_text(toml, encoding="utf-8")
    out, err = folder / "stdout.txt", folder / "stderr.txt"
    start = time.monotonic()
    with out.open("wb") as o, err.open("wb") as e:
        proc = subprocess.Popen(
            [*NIANBAO, "parse", *map(str, files)],
            cwd=folder,
            stdout=o,
            stderr=e,
            env=dict(os.environ),
        )
        deadline = start + timeout
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                proc.kill()
                raise AssertionError(f"nianbao parse did not finish in {timeout} s")
            time.sleep(0.05)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Measured(
        returncode=proc.returncode,
        stdout=out.read_text(encoding="utf-8", errors="replace"),
        stderr=err.read_text(encoding="utf-8", errors="replace"),
        wall=time.monotonic() - start,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,
    )
