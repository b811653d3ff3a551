"""Reader throughput per format on a fixed corpus built from the five seeds.

Run: ``python benchmarks/parse_bench.py [--seconds 3] [--formats html,pdf,docx,scan]``

The corpus is built the same way as the test fixtures (HTML page, DOCX,
LibreOffice PDF, a 200 dpi scan of one PDF page), so numbers are
comparable between machines and commits.  Throughput is measured in one
process (no parallelism); peak memory is the process's maximum RSS and the
peak of Python allocations (tracemalloc) while reading one of each file.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from parsers.readers import read_document  # noqa: E402
from tests.parsers.builders import (  # noqa: E402
    build_docx,
    build_html,
    libreoffice_convert,
    load_seeds,
    render_scan,
)

TARGETS = {"html": 50.0, "pdf": 10.0, "docx": 30.0, "scan": None}


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def build_corpus(formats: list[str]) -> dict[str, list[bytes]]:
    seeds = load_seeds()
    corpus: dict[str, list[bytes]] = {}
    if "html" in formats:
        corpus["html"] = [build_html(s) for s in seeds]
    docx = [build_docx(s) for s in seeds]
    if "docx" in formats:
        corpus["docx"] = docx
    if {"pdf", "scan"} & set(formats):
        if not shutil.which("soffice"):
            print("LibreOffice missing: no PDF or scan corpus", file=sys.stderr)
        else:
            pdfs = libreoffice_convert(
                {f"{s.name}.docx": d for s, d in zip(seeds, docx, strict=True)}, "pdf"
            )
            pdf_list = [pdfs[f"{s.name}.docx"] for s in seeds]
            if "pdf" in formats:
                corpus["pdf"] = pdf_list
            if "scan" in formats and shutil.which("tesseract"):
                corpus["scan"] = [render_scan(pdf_list[0], page=1)]
    return corpus


def measure(files: list[bytes], seconds: float) -> tuple[float, int]:
    for data in files:  # warm up: imports, font caches
        read_document(data)
    done, start = 0, time.perf_counter()
    while True:
        for data in files:
            read_document(data)
            done += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return done / elapsed, done


def peak_alloc(files: list[bytes]) -> float:
    tracemalloc.start()
    for data in files:
        read_document(data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seconds", type=float, default=3.0, help="time per format")
    ap.add_argument("--formats", default="html,pdf,docx,scan")
    args = ap.parse_args()
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    print(f"CPU: {cpu_model()}, {os.cpu_count()} cores")
    print(
        f"Python {platform.python_version()} ({platform.python_implementation()}), {platform.platform()}"
    )
    corpus = build_corpus(formats)
    print(f"{'format':<6} {'files':>5} {'reports/s':>10} {'target':>8} {'py heap peak MiB':>17}")
    for fmt in formats:
        files = corpus.get(fmt)
        if not files:
            print(f"{fmt:<6} skipped (tool missing)")
            continue
        rate, _ = measure(files, args.seconds)
        target = TARGETS.get(fmt)
        mark = "" if target is None else (" ok" if rate >= target else " BELOW")
        tgt = "-" if target is None else f"{target:g}/s"
        print(f"{fmt:<6} {len(files):>5} {rate:>10.2f} {tgt:>8} {peak_alloc(files):>17.1f}{mark}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS of the process: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
