"""Compression bombs at the real download limit: refused before they are inflated into memory.

Three gzip bombs (each inflating past the 200 MB ``DOWNLOAD_MAXSIZE``) as a
portal's report attachments, downloaded two at a time: each is a named
failure, and the crawl process stays small (Scrapy alone would hold 200 MB
per bomb; 950 MB for four were measured without the guard).
"""

from __future__ import annotations

import gzip
import json
import subprocess
import threading
import zlib
from pathlib import Path
from typing import Any

import brotli
import pytest

from ingest.codings import inflated_size
from nianbao.demo.server import PortalServers
from nianbao.demo.site import Reply
from tests.conftest import NIANBAO, Workspace, make_workspace
from tests.hostile import portals_sites as hs
from tests.hostile.harness import measured_popen, read_rusage

#: the crawl process's peak resident size must stay under this
PEAK_MB = 400
DEFAULT_MAXSIZE = 200 * 1024 * 1024

try:
    from compression import zstd
except ImportError:
    from backports import zstd


def gzip_bomb(size: int) -> bytes:
    """gzip members of 1 MB of zeros, one after another: ``size`` bytes inflated, ~1 KB per MB."""
    member = gzip.compress(b"\0" * (1 << 20), 9)
    return member * (size // (1 << 20) + 1)


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br", "zstd"])
def test_inflated_size_counts_without_keeping_the_bytes(encoding: str) -> None:
    zeros = b"\0" * (8 << 20)
    data = {
        "gzip": lambda: gzip.compress(b"<p>") + gzip.compress(zeros),  # two members
        "deflate": lambda: zlib.compress(zeros)[2:-4],  # raw deflate, no zlib header
        "br": lambda: brotli.compress(zeros, quality=1),
        "zstd": lambda: zstd.compress(b"<p>") + zstd.compress(zeros),  # two frames
    }[encoding]()
    extra = 3 if encoding in ("gzip", "zstd") else 0  # the "<p>" member or frame
    counted = inflated_size(data, encoding, 1 << 20)
    assert counted is not None and 1 << 20 < counted < 2 << 20  # stops just past the limit
    assert inflated_size(data, encoding, 64 << 20) == len(zeros) + extra
    assert inflated_size(b"not compressed", encoding, 1 << 20) is None


def run_measured(ws: Workspace, *args: str) -> tuple[int, str, str, float]:
    """Run the CLI; (exit status, stdout, stderr, peak resident MB of that very process)."""
    rusage = ws.root / "rusage.txt"
    proc = measured_popen(
        [*NIANBAO, *args],
        rusage,
        cwd=ws.root,
        env=ws.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    out: dict[str, str] = {}

    def drain(name: str) -> None:
        out[name] = getattr(proc, name).read()

    readers = [threading.Thread(target=drain, args=(n,)) for n in ("stdout", "stderr")]
    for t in readers:
        t.start()
    proc.wait()
    for t in readers:
        t.join()
    return proc.returncode, out["stdout"], out["stderr"], read_rusage(rusage)[1]


def test_compression_bombs_never_fill_memory(tmp_path: Path) -> None:
    ws = make_workspace(tmp_path)
    ws.env["NIANBAO_SCRAPY_SETTINGS"] = json.dumps(
        {"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": False}
    )
    name = "辰区"
    links = [(f"/nb/{y}.pdf", f"{name}{y}年政府信息公开工作年度报告") for y in (2019, 2020, 2021)]
    p = hs.column_portal("239940", name, links)
    bomb = Reply(
        200,
        "application/pdf",
        gzip_bomb(DEFAULT_MAXSIZE + (8 << 20)),
        [("Content-Encoding", "gzip")],
    )
    for href, _ in links:
        p.site.routes[href] = lambda hit: bomb
    with PortalServers({"127.0.0.73": p.site}) as servers:
        seeds = ws.seeds(
            [(p.code, name, "county", "239900", servers.url("127.0.0.73", "/index.html"))]
        )
        status, stdout, stderr, peak = run_measured(
            ws, "crawl", "--seeds", str(seeds), "--format", "json"
        )
    assert status == 0, stderr
    failures: list[Any] = json.loads(stdout)["sites"][p.code]["failures"]
    assert len(failures) == 3, failures
    assert all(
        f"over the limit of {DEFAULT_MAXSIZE} bytes" in f and "compression bomb" in f
        for f in failures
    )
    assert peak < PEAK_MB, f"crawl peaked at {peak:.0f} MB"
