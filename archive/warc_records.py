"""What nianbao's WARC records carry, shared by the writer and the readers.

The exchange a ``response``/``request`` pair records (:class:`HttpExchange`),
where a written record lands (:class:`WarcLocation`), the digest and date in
the forms WARC uses, and the extension fields nianbao adds: the crawl a record
was made by and a 304's status line and headers.  It is separate from the
writer (:mod:`archive.warc`) because re-indexing, fixity checks and the crawl
read or build these without writing a record; the one definition of each field
serves all of them.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from datetime import UTC, datetime

#: on a 304's revisit: the server's status line (its headers are in the metadata record after)
NOT_MODIFIED_HEADER = "WARC-Nianbao-Server-Not-Modified"
#: the crawl a record was made by (an extension field: ``reindex`` restores the link)
CRAWL_HEADER = "WARC-Nianbao-Crawl"


def warc_sha256(hex_digest: str) -> str:
    """A hex sha256 in the form warcio writes and checks: ``sha256:BASE32``."""
    return "sha256:" + base64.b32encode(bytes.fromhex(hex_digest)).decode("ascii")


@dataclass(frozen=True)
class WarcLocation:
    """Where one record lives: file name (relative to the WARC folder), offset, length."""

    filename: str
    offset: int
    length: int
    record_id: str


@dataclass(frozen=True)
class HttpExchange:
    """One request/response pair as it went over the wire (body before decoding)."""

    url: str
    method: str
    request_headers: list[tuple[str, str]]
    request_body: bytes
    status: int
    reason: str
    response_headers: list[tuple[str, str]]
    body: bytes
    fetched_at: datetime
    protocol: str = "HTTP/1.1"


def iso_warc_date(moment: datetime) -> str:
    """WARC-Date form; a naive time (as SQLite returns them) is taken as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def not_modified_fields(status: int, reason: str, headers: list[tuple[str, str]]) -> bytes:
    """A 304's status line and headers as WARC fields (``http-status``, ``http-header``)."""

    def one_line(text: str) -> str:
        return " ".join(str(text).splitlines())

    lines = [f"http-status: {status} {one_line(reason)}".strip()]
    lines += [f"http-header: {one_line(k)}: {one_line(v)}" for k, v in headers]
    return "".join(line + "\r\n" for line in lines).encode("utf-8")


def parse_not_modified_fields(block: bytes) -> tuple[int | None, list[tuple[str, str]]]:
    """The status and headers :func:`not_modified_fields` wrote."""
    status, headers = None, []
    for line in block.decode("utf-8", "replace").splitlines():
        name, _, value = line.partition(": ")
        if name == "http-status" and value.split()[:1]:
            status = int(value.split()[0])
        elif name == "http-header":
            key, _, val = value.partition(": ")
            headers.append((key, val))
    return status, headers
