"""pywb never serves the crawl's facts records in place of a page.

A crawl writes, beside each report's capture, a ``metadata`` record of what it
knew of the document (``reindex`` rebuilds from them), and pywb indexes
metadata records as captures of their WARC-Target-URI.  Asked for the page at
the second that record was written, pywb must still find the page's response:
the facts live under a URN of their own (``archive.capture_store.facts_uri``).
When they were written under the page's URL, pywb answered with their JSON
whenever a response of the page fell in the same second (the crawl's own, or
the next crawl's of the same page).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.capture_store import DOCUMENT_FACTS, CaptureStore
from archive.db import open_database
from tests.archive.exchanges import exchange
from tests.replay.tools import fetch, pywb_collection

URL = "http://127.0.0.1/zwgk/xxgknb/202102/t20210201_1001.html"
PAGE = "<html><body>海林市2020年政府信息公开工作年度报告</body></html>".encode()


def facts_stamp(folder: Path) -> str:
    """The 14-digit timestamp of the facts record, as a replay tool indexes it."""
    for path in sorted(folder.glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_headers.get_header("Content-Type") == DOCUMENT_FACTS:
                    moment = record.rec_headers.get_header("WARC-Date").replace("Z", "+00:00")
                    return datetime.fromisoformat(moment).strftime("%Y%m%d%H%M%S")
    raise AssertionError("no facts record written")


def test_the_page_is_replayed_at_the_second_its_facts_were_written(tmp_path: Path) -> None:
    sessions = open_database(f"sqlite:///{tmp_path / 'db.sqlite'}")
    store = CaptureStore(tmp_path / "archive", sessions)
    # fetched on a March morning; its facts are written now, long after
    page = replace(exchange(URL, PAGE), fetched_at=datetime(2026, 3, 1, 8, tzinfo=UTC))
    stored = store.record(page)
    store.annotate(stored.capture_id, {"url": URL, "kind": "article", "year": 2020})
    store.close()
    warcs = sorted((tmp_path / "archive" / "warc").glob("*.warc.gz"))
    with pywb_collection(tmp_path / "pywb", warcs) as base:
        status, _, body = fetch(f"{base}{facts_stamp(tmp_path / 'archive' / 'warc')}id_/{URL}")
    assert (status, body) == (200, PAGE)
