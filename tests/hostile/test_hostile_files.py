"""Every class of hostile file fails fast with one line of reason, under the campaign's bounds.

Each file goes through the real ``nianbao parse`` (and so through the
worker process and its OS limits), and each test asserts the error line,
the wall time, and the CPU time and peak memory of the whole process tree.
The bounds per file are far below the campaign's (1 GB, 60 s of CPU): a
limit check that stopped working would blow through them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile import generators_html_images as html_images
from tests.hostile import generators_office as office
from tests.hostile import generators_pdf as pdf
from tests.hostile.harness import MAX_CPU_S, MAX_RSS_MB, parse_file
from tests.parsers.seed_files import SEEDS

SEED = sorted(SEEDS.glob("*.txt"))[0]

#: (name, generator, the reason's pattern, CPU seconds the whole parse may take)
CASES: list[tuple[str, Callable[[], bytes], str, float]] = [
    # memory bombs (issue 9, item 2)
    (
        "docx-gridspan",
        office.docx_gridspan,
        r"too complex: a DOCX table \(gridSpan\) is 100000000 columns wide",
        15,
    ),
    (
        "docx-gridbefore",
        office.docx_gridbefore,
        r"too complex: a DOCX table row \(gridBefore\) is 100000000",
        15,
    ),
    (
        "docx-paragraphs",
        office.docx_paragraphs,
        r"too complex: DOCX holds more than \d+ XML elements",
        15,
    ),
    ("docx-zip-bomb", office.zip_bomb, r"too large: DOCX unpacks to 400 MiB", 15),
    ("xlsx-far-cell", office.xlsx_far_cell, r"too complex: XLSX sheet 1 is 16384 columns wide", 15),
    ("xlsx-whole-merge", office.xlsx_whole_merge, r"not a 政府信息公开工作年度报告", 15),
    (
        "xlsx-many-merges",
        office.xlsx_many_merges,
        r"too complex: XLSX sheet 1 merges more than",
        15,
    ),
    ("pdf-huge-page", pdf.pdf_huge_page, r"too large: page 1 is 14400 × 14400 pt", 15),
    ("pdf-many-objects", pdf.pdf_many_objects, r"too complex: page 1 holds 300000 objects", 15),
    (
        "pdf-flate-bomb",
        pdf.pdf_flate_bomb,
        r"too large: reading it needs more than the 900 MiB",
        15,
    ),
    ("pdf-large-scan-page", pdf.pdf_large_scan_page, r"not a 政府信息公开工作年度报告", 20),
    (
        "tiff-many-frames",
        html_images.tiff_many_frames,
        r"too complex: an image of 40 pages to OCR \(limit 30\)",
        10,
    ),
    (
        "html-colspan-grid",
        html_images.html_colspan_grid,
        r"too complex: a table of more than \d+ cells",
        15,
    ),
    ("html-huge", html_images.html_huge, r"too large: an HTML page of 22 MiB \(limit 20 MiB\)", 10),
    ("html-deep", html_images.html_deep, r"not a 政府信息公开工作年度报告", 10),
    ("docx-deep", office.docx_deep, r"malformed DOCX \(XMLSyntaxError: Excessive depth", 10),
    # time bombs (item 3)
    ("pdf-2000-blank-pages", pdf.pdf_blank_pages, r"not a 政府信息公开工作年度报告", 20),
    # handled before: they must stay handled
    ("pdf-truncated", pdf.pdf_truncated, r"truncated PDF: no %%EOF marker", 10),
    ("pdf-encrypted", pdf.pdf_encrypted, r"encrypted PDF: it needs a password", 10),
    ("docx-billion-laughs", office.docx_laughs, r"malformed DOCX .*amplification", 10),
    ("xlsx-billion-laughs", office.xlsx_laughs, r"corrupt XLSX .*amplification", 10),
    ("docx-xxe", office.docx_xxe, r"not a 政府信息公开工作年度报告", 10),
    ("xlsx-xxe", office.xlsx_xxe, r"corrupt XLSX \(Entity 'xxe' not defined", 10),
    ("ole-garbage", office.ole_garbage, r"corrupt OLE2 file", 10),
    ("png-20000x20000", html_images.png_huge, r"too large: an image of 400000000 pixels", 10),
    ("empty", html_images.empty, r"empty file", 10),
    ("binary", html_images.binary, r"binary file of an unknown type", 10),
]


def _one_error_line(stderr: str, path: Path) -> str:
    lines = [ln for ln in stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, stderr
    prefix = f"error: {path}: "
    assert lines[0].startswith(prefix), lines[0]
    return lines[0][len(prefix) :]


@pytest.mark.parametrize(("name", "make", "reason", "cpu"), CASES, ids=[c[0] for c in CASES])
def test_hostile_file_fails_fast(tmp_path: Path, name: str, make, reason: str, cpu: float) -> None:
    path = tmp_path / f"{name}.bin"  # the name says nothing: the type is sniffed
    path.write_bytes(make())
    run = parse_file(tmp_path, path)
    assert run.returncode == 2, run.stdout[:300]
    line = _one_error_line(run.stderr, path)
    assert re.search(reason, line), line
    assert "root:x:0" not in run.stdout + run.stderr  # no external entity was read
    assert run.peak_mb < MAX_RSS_MB
    assert run.cpu < min(cpu, MAX_CPU_S), f"{run.cpu:.1f} s of CPU"
    assert run.wall < 60, f"{run.wall:.1f} s"


def test_html_time_is_linear_in_size(tmp_path: Path) -> None:
    """2 MB used to take 2.9 s and 10 MB 52 s: now a page 4× bigger costs at most ~5× more."""
    small, big = tmp_path / "small.html", tmp_path / "big.html"
    small.write_bytes(html_images.html_big(1))
    big.write_bytes(html_images.html_big(4))
    t_small = parse_file(tmp_path, small)
    t_big = parse_file(tmp_path, big)
    for run in (t_small, t_big):
        assert "error" in run.stderr and "not a 政府信息公开工作年度报告" in run.stderr
        assert run.peak_mb < MAX_RSS_MB
    assert t_big.cpu < 30
    assert t_big.cpu < 5 * t_small.cpu + 3, (t_small.cpu, t_big.cpu)


def test_worker_killed_at_the_cpu_limit_and_replaced(tmp_path: Path) -> None:
    """Over the CPU limit the kernel stops the worker; the next file gets a fresh one."""
    bomb = tmp_path / "slow.html"
    bomb.write_bytes(html_images.html_big(6))
    good = tmp_path / "report.txt"
    good.write_bytes(SEED.read_bytes())
    run = parse_file(tmp_path, bomb, good, toml="[limits]\ncpu_seconds = 1\n")
    assert run.returncode == 2
    assert _one_error_line(run.stderr, bomb).startswith("too complex: reading it took over 1 s")
    assert " template 20" in run.stdout  # the report after it was parsed


def test_memory_limit_names_memory(tmp_path: Path) -> None:
    bomb = tmp_path / "big.html"
    bomb.write_bytes(html_images.html_big(8))
    run = parse_file(tmp_path, bomb, toml="[limits]\nmemory_mb = 150\n")
    assert run.returncode == 2
    assert _one_error_line(run.stderr, bomb) == (
        "too large: reading it needs more than the 150 MiB memory limit"
    )
    assert run.peak_mb < 150


def test_wall_clock_limit(tmp_path: Path) -> None:
    bomb = tmp_path / "big.html"
    bomb.write_bytes(html_images.html_big(8))
    run = parse_file(tmp_path, bomb, toml="[limits]\nwall_seconds = 1\n")
    assert (
        _one_error_line(run.stderr, bomb) == "too complex: no result after 1 s (wall-clock limit)"
    )


def test_limits_come_from_nianbao_toml(tmp_path: Path) -> None:
    doc = tmp_path / "t.docx"
    doc.write_bytes(office.docx_gridspan(40))
    run = parse_file(tmp_path, doc, toml="[limits]\ntable_columns = 30\n")
    assert "(limit 30)" in _one_error_line(run.stderr, doc)
    run = parse_file(tmp_path, doc, toml="[limits]\ntable_colums = 30\n")
    assert run.returncode == 2 and "unknown limit(s): table_colums" in run.stderr
