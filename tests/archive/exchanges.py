"""A fetched exchange made up for the archive's tests, and the WARC files read back by warcio.

The archive is tested on what the crawl hands it (an ``HttpExchange``: request,
response, bytes, time) and judged by what a standard reader finds in its WARC
files, digests checked, so that no test takes the writer's word for it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from archive.warc_records import HttpExchange


def exchange(url: str, body: bytes) -> HttpExchange:
    return HttpExchange(
        url=url,
        method="GET",
        request_headers=[("User-Agent", "nianbao-test")],
        request_body=b"",
        status=200,
        reason="OK",
        response_headers=[("Content-Type", "application/pdf")],
        body=body,
        fetched_at=datetime.now(UTC),
    )


def read_records(folder: Path) -> list[tuple[str, str | None, bytes, bool | None]]:
    out = []
    for path in sorted(folder.glob("*.warc.gz")):
        with open(path, "rb") as fh:
            for rec in ArchiveIterator(fh, check_digests=True):
                body = rec.content_stream().read()
                assert not rec.digest_checker.problems, rec.digest_checker.problems
                out.append(
                    (
                        rec.rec_type,
                        rec.rec_headers.get_header("WARC-Target-URI"),
                        body,
                        rec.digest_checker.passed,
                    )
                )
    return out
