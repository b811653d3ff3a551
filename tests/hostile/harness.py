"""Run ``nianbao parse`` on one file and measure it as the kernel saw it.

The kernel's account of a process (``wait4``) covers it and every child it waited
for (the parser worker, tesseract, LibreOffice): the peak resident memory of the
largest of them and the CPU time of all, so a test can hold the whole parse to the
campaign's bounds (no process above 1 GB, no document above 60 s of CPU).

The command runs under GNU ``time``, not as a direct child of the test process: a
process forked from the test inherits the test's own resident size as its starting
peak (Linux keeps the high-water mark of the memory it forked with across ``exec``),
and after a few hundred tests that alone is several hundred MB.  ``time`` is small,
so what it reports is the command's own.
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


TIME = "/usr/bin/time"


def measured_popen(cmd: list[str], rusage: Path, **kwargs: object) -> subprocess.Popen[bytes]:
    """``cmd`` under GNU time, which writes ``wall user sys maxrss_kb`` to ``rusage``."""
    return subprocess.Popen([TIME, "-f", "%e %U %S %M", "-o", str(rusage), *cmd], **kwargs)  # type: ignore[call-overload]


def read_rusage(rusage: Path) -> tuple[float, float]:
    """(CPU seconds, peak resident MB) from the file GNU time wrote (its last line)."""
    _wall, user, system, peak_kb = rusage.read_text().split("\n")[-2].split()
    return float(user) + float(system), int(peak_kb) / 1024


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
    out, err, rusage = folder / "stdout.txt", folder / "stderr.txt", folder / "rusage.txt"
    start = time.monotonic()
    with out.open("wb") as o, err.open("wb") as e:
        proc = measured_popen(
            [*NIANBAO, "parse", *map(str, files)],
            rusage,
            cwd=folder,
            stdout=o,
            stderr=e,
            env=dict(os.environ),
        )
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise AssertionError(f"nianbao parse did not finish in {timeout} s") from None
    cpu, peak = read_rusage(rusage)
    return Measured(
        returncode=proc.returncode,
        stdout=out.read_text(encoding="utf-8", errors="replace"),
        stderr=err.read_text(encoding="utf-8", errors="replace"),
        wall=time.monotonic() - start,
        cpu=cpu,
        peak_mb=peak,
    )
