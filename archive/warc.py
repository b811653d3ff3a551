"""WARC output (ISO 28500) through warcio: one gzip member per record, rotating files.

Each fetched response becomes a ``response`` record followed by the
``request`` that produced it; a payload already in the archive becomes a
``revisit`` record (identical-payload-digest profile) pointing at the first
capture, so unchanged pages cost a few hundred bytes, not a second copy.
Digests are sha256 (base32, as warcio writes them) so every record can be
re-checked by warcio's own reader.  A writer never appends to a file that
an earlier process left behind: it writes into its own file in the spool
folder (locked while open) and hands the complete file to ``on_complete``
(the archive stores it under its real name) when it rotates or closes.

The records' shared vocabulary (the exchange, a record's place, digest and date
forms, nianbao's extension fields) is :mod:`archive.warc_records`.
"""

from __future__ import annotations

import fcntl
import os
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.utils import Digester
from warcio.warcwriter import WARCWriter

from archive.warc_records import (
    CRAWL_HEADER,
    NOT_MODIFIED_HEADER,
    HttpExchange,
    WarcLocation,
    iso_warc_date,
    not_modified_fields,
    warc_sha256,
)

DEFAULT_MAX_BYTES = 256 * 1024 * 1024


class _Sha256WARCWriter(WARCWriter):  # type: ignore[misc]
    """warcio's writer with sha256 digests instead of sha1."""

    @staticmethod
    def _create_digester() -> Digester:
        return Digester("sha256")


class RotatingWarcWriter:
    """Writes records into ``<prefix>-<time>-<serial>-<random>.warc.gz`` files of bounded size."""

    def __init__(
        self,
        folder: Path | str,
        prefix: str = "nianbao",
        max_bytes: int = DEFAULT_MAX_BYTES,
        on_complete: Callable[[Path], None] | None = None,
        robots: str = "obey",
    ) -> None:
        """``robots`` is what the crawl did with robots.txt (``obey`` or ``ignore``), for warcinfo."""
        self.folder = Path(folder)
        self.robots = robots
        self.prefix = prefix
        self.max_bytes = max_bytes
        self.on_complete = on_complete
        self._serial = 0
        self._fh: BinaryIO | None = None
        self._name = ""
        self._writer: Any = None

    def _open_new(self) -> None:
        self.close()
        self.folder.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
        self._name = f"{self.prefix}-{stamp}-{self._serial:05d}-{secrets.token_hex(3)}.warc.gz"
        self._serial += 1
        self._fh = open(self.folder / self._name, "xb")  # noqa: SIM115 (held open across writes)
        fcntl.flock(self._fh.fileno(), fcntl.LOCK_EX)  # mine: no recovery takes it while open
        self._writer = _Sha256WARCWriter(self._fh, gzip=True, warc_version="1.1")
        info = self._writer.create_warcinfo_record(
            self._name,
            {"software": "nianbao", "format": "WARC File Format 1.1", "robots": self.robots},
        )
        self._writer.write_record(info)
        self._sync()

    def _ensure_open(self) -> None:
        if self._fh is None or self._fh.tell() >= self.max_bytes:
            self._open_new()

    def _sync(self) -> None:
        assert self._fh is not None
        self._fh.flush()
        os.fsync(self._fh.fileno())

    def _write(self, record: Any) -> WarcLocation:
        assert self._fh is not None
        start = self._fh.tell()
        self._writer.write_record(record)
        length = self._fh.tell() - start
        rid = record.rec_headers.get_header("WARC-Record-ID")
        return WarcLocation(self._name, start, length, rid)

    def write_exchange(
        self,
        ex: HttpExchange,
        revisit_of: tuple[str, datetime] | None = None,
        not_modified_sha256: str | None = None,
        crawl_id: int | None = None,
        refers_to: str | None = None,
        sync: bool = True,
    ) -> WarcLocation:
        """Write the response (or revisit) record and its request; return the response's place.

        ``revisit_of`` is ``(uri, date)`` of the response record that holds this payload,
        ``refers_to`` its WARC-Record-ID.  ``not_modified_sha256`` marks a 304: it becomes an
        identical-payload-digest revisit *without* an HTTP block, so replay engines (pywb)
        serve the earlier response's status, headers and bytes; the 304's own status line
        is kept in ``WARC-Nianbao-Server-Not-Modified`` and its headers in a ``metadata``
        record (``application/warc-fields``) concurrent to the revisit.  With ``sync``
        False the caller makes the records durable (``sync()``) before it relies on them.
        """
        self._ensure_open()
        date = iso_warc_date(ex.fetched_at)
        http_headers = StatusAndHeaders(
            f"{ex.status} {ex.reason}".strip(), ex.response_headers, protocol=ex.protocol
        )
        payload_digest = warc_sha256(not_modified_sha256 or _sha256_hex(ex.body))
        extra = {CRAWL_HEADER: str(crawl_id)} if crawl_id is not None else {}
        if revisit_of is None:
            record = self._writer.create_warc_record(
                ex.url,
                "response",
                payload=BytesIO(ex.body),
                length=len(ex.body),
                http_headers=http_headers,
                warc_headers_dict={
                    "WARC-Date": date,
                    "WARC-Payload-Digest": payload_digest,
                    **extra,
                },
            )
        else:
            ref_uri, ref_date = revisit_of
            if refers_to:
                extra["WARC-Refers-To"] = refers_to
            if not_modified_sha256 is not None:
                extra[NOT_MODIFIED_HEADER] = f"{ex.status} {ex.reason}".strip()
            record = self._writer.create_revisit_record(
                ex.url,
                payload_digest,
                ref_uri,
                iso_warc_date(ref_date),
                http_headers=None if not_modified_sha256 is not None else http_headers,
                warc_headers_dict={"WARC-Date": date, **extra},
            )
        loc = self._write(record)
        if not_modified_sha256 is not None:
            # warc-fields, not application/http: indexers then never take it for a capture
            head = not_modified_fields(ex.status, ex.reason, ex.response_headers)
            self._write(
                self._writer.create_warc_record(
                    ex.url,
                    "metadata",
                    payload=BytesIO(head),
                    length=len(head),
                    warc_content_type="application/warc-fields",
                    warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": loc.record_id},
                )
            )
        path = _request_target(ex.url)
        req_headers = StatusAndHeaders(
            f"{ex.method} {path} {ex.protocol}", ex.request_headers, is_http_request=True
        )
        request = self._writer.create_warc_record(
            ex.url,
            "request",
            payload=BytesIO(ex.request_body),
            length=len(ex.request_body),
            http_headers=req_headers,
            warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": loc.record_id},
        )
        self._write(request)
        if sync:
            self._sync()
        return loc

    def write_metadata(
        self,
        url: str,
        refers_to: str,
        payload: bytes,
        content_type: str,
        moment: datetime,
        sync: bool = True,
    ) -> WarcLocation:
        """A ``metadata`` record about an earlier record (``WARC-Refers-To``), fsynced; ``url``
        is its WARC-Target-URI (``capture_store.facts_uri``)."""
        self._ensure_open()
        record = self._writer.create_warc_record(
            url,
            "metadata",
            payload=BytesIO(payload),
            length=len(payload),
            warc_content_type=content_type,
            warc_headers_dict={"WARC-Date": iso_warc_date(moment), "WARC-Refers-To": refers_to},
        )
        loc = self._write(record)
        if sync:
            self._sync()
        return loc

    def sync(self) -> None:
        """Make every record written so far durable (after writes with ``sync=False``)."""
        if self._fh is not None:
            self._sync()

    def close(self) -> None:
        """Close the current file and hand it over, complete, to ``on_complete``."""
        if self._fh is not None:
            self._sync()
            try:
                if self.on_complete is not None:
                    self.on_complete(self.folder / self._name)  # still locked: nobody else takes it
            finally:
                self._fh.close()
                self._fh = None
                self._writer = None


def _sha256_hex(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _request_target(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
