"""The worker's contract for callers: the failure key on every error, and a fresh worker after a death."""

from __future__ import annotations

import hashlib
import os
import time

import pytest

from parsers import (
    PARSER_VERSION,
    NotAReport,
    ParseError,
    ParseLimitExceeded,
    ParseLimits,
    parse_isolated,
    read_isolated,
)
from parsers.sandbox import _POOL
from tests.hostile import generators_html_images as html_images
from tests.hostile import generators_office as office
from tests.parsers.seed_files import SEEDS


def test_errors_carry_the_failure_key() -> None:
    """A caller remembers a failed parse by (sha256, parser version) and does not retry it."""
    bomb = office.docx_gridspan()
    with pytest.raises(ParseLimitExceeded) as caught:
        parse_isolated(bomb, "x.docx")
    assert caught.value.reason.startswith("too complex: ")
    assert caught.value.sha256 == hashlib.sha256(bomb).hexdigest()  # type: ignore[attr-defined]
    assert caught.value.parser_version == PARSER_VERSION  # type: ignore[attr-defined]
    with pytest.raises(NotAReport) as other:
        parse_isolated(b"just a line of text\n")
    assert other.value.parser_version == PARSER_VERSION  # type: ignore[attr-defined]


def test_a_dead_worker_is_replaced_and_its_helpers_go_with_it() -> None:
    good = sorted(SEEDS.glob("*.txt"))[0].read_bytes()
    assert parse_isolated(good)["schema"] == "report/1"
    first = _POOL.worker
    assert first is not None
    with pytest.raises(ParseError, match=r"^too complex: no result after 1 s"):
        parse_isolated(html_images.html_big(8), limits=ParseLimits(wall_seconds=1))
    assert first.proc.returncode is not None
    with pytest.raises(ProcessLookupError):
        os.killpg(first.proc.pid, 0)  # nothing of its process group is left
    start = time.monotonic()
    assert parse_isolated(good)["schema"] == "report/1"
    assert _POOL.worker is not first
    assert time.monotonic() - start < 30


def test_file_size_limit_is_checked_before_the_worker() -> None:
    with pytest.raises(ParseLimitExceeded, match=r"^too large: a file of 3 MiB \(limit 2 MiB\)"):
        parse_isolated(b"x" * (3 << 20), limits=ParseLimits(file_mb=2))


def _scanned_pdf(pages: int) -> bytes:
    """Pages holding only an image (a scan): each would go to OCR."""
    import io

    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    img = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(img).rectangle((20, 20, 380, 180), outline=0, width=3)
    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    for _ in range(pages):
        c.drawImage(ImageReader(img), 72, 500, 400, 200)
        c.showPage()
    c.save()
    return buf.getvalue()


def test_pages_given_to_ocr_are_limited() -> None:
    """Only the first ``ocr_pages`` scanned pages are OCRed; the rest are named in a warning."""
    from parsers import limits
    from parsers.readers import read_document

    with limits.using(ParseLimits(ocr_pages=1)):
        doc = read_document(_scanned_pdf(3))
    assert "2 more scanned pages not read (OCR limit 1)" in doc.warnings
    assert "pages read by OCR: 1" in doc.warnings


def test_a_worker_killed_while_idle_does_not_fail_the_next_document() -> None:
    import signal

    good = sorted(SEEDS.glob("*.txt"))[0].read_bytes()
    parse_isolated(good)
    worker = _POOL.worker
    assert worker is not None
    os.kill(worker.proc.pid, signal.SIGKILL)
    time.sleep(0.2)
    assert parse_isolated(good)["schema"] == "report/1"


def test_a_pages_main_text_is_read_in_the_worker_too() -> None:
    """The main text comes back beside the report, or beside the reason there is none, and
    the caller's process (the crawl's reactor and writer share its interpreter) reads
    neither: no trafilatura or report reader is loaded into it."""
    import subprocess
    import sys

    script = """
import sys
from ingest.content import parse_content
page = "<html><body><div id='zoom'><p>海林市2020年政府信息公开工作年度报告正文，共十二段。</p></div></body></html>"
report, text, _ = parse_content(page.encode(), "a.html", "text/html", "utf-8")
assert report is None and text.startswith("海林市2020年"), (report, text)
loaded = sorted(m for m in ("trafilatura", "parsers.maintext", "parsers.pipeline") if m in sys.modules)
print(",".join(loaded) or "none")
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "none"
    # a page too big to read in time: its report and its text are both refused, in time
    hostile = html_images.html_big(8)
    report, error, text = read_isolated(hostile, "big.html", ParseLimits(wall_seconds=1), "utf-8")
    assert report is None and text is None
    assert str(error).startswith("too complex: no result after 1 s"), error
