"""WACZ packages (webrecorder's WACZ 1.1.1): a crawl or a region in one file that replays alone.

The package's one WARC file holds the archive's own records, copied byte for byte
(each a gzip member, read through the Archive, so a bucket works like a folder):
every selected response or revisit with the metadata and request records made with
it, and the responses its revisits need.  Beside it: a CDXJ index keyed by SURT as
pywb and ReplayWeb.page look captures up, ``pages/pages.jsonl`` with one entry per
report, and ``datapackage.json`` with the sha256 of every file, itself hashed in
``datapackage-digest.json``.  Entries are stored, not deflated, so readers can
seek into the WARC file by range.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import IO, Any

import surt
from warcio.archiveiterator import ArchiveIterator
from warcio.warcwriter import WARCWriter

from archive.archive import Archive
from archive.gzip_members import gzip_members
from archive.models import Capture
from archive.wacz_select import Selection

WACZ_VERSION = "1.1.1"
WARC_NAME = "archive/data.warc.gz"
INDEX_NAME = "indexes/index.cdx"
PAGES_NAME = "pages/pages.jsonl"
#: concurrent records (metadata, request) that may follow a response or revisit
MAX_FOLLOWERS = 4


class PackageError(Exception):
    """A record to package is not what the index says it is."""


@dataclass
class WaczSummary:
    out: str
    captures: int
    carried: int
    pages: int
    requires: list[dict[str, str]]
    bytes: int

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


def write_wacz(
    archive: Archive, chosen: Selection, out: Path, title: str, software: str
) -> WaczSummary:
    """Write the package to ``out`` (complete or not at all: a temporary file renamed)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".wacz-") as tmp:
        warc_path = Path(tmp) / "data.warc.gz"
        with open(warc_path, "wb") as warc:
            index = _write_warc(archive, chosen.records(), warc, title, software)
        index_bytes = "".join(sorted(index)).encode("utf-8")
        pages = _pages_jsonl(chosen)
        requires = [
            {"url": c.url, "ts": _iso(c.fetched_at), "digest": f"sha256:{c.sha256}"}
            for c in chosen.requires
        ]
        partial = Path(tmp) / "package.wacz"
        with zipfile.ZipFile(partial, "w", zipfile.ZIP_STORED) as zf:
            zf.write(warc_path, WARC_NAME)
            zf.writestr(_entry(INDEX_NAME), index_bytes)
            zf.writestr(_entry(PAGES_NAME), pages)
            package = _datapackage(zf, title, software, chosen, requires)
            zf.writestr(_entry("datapackage.json"), package)
            digest = {"path": "datapackage.json", "hash": _sha256(package)}
            zf.writestr(_entry("datapackage-digest.json"), json.dumps(digest, indent=2))
        os.replace(partial, out)
    return WaczSummary(
        str(out),
        len(chosen.captures),
        len(chosen.carried),
        len(chosen.pages),
        requires,
        out.stat().st_size,
    )


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, datetime.now(UTC).timetuple()[:6])
    info.compress_type = zipfile.ZIP_STORED
    return info


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _write_warc(
    archive: Archive, captures: list[Capture], warc: IO[bytes], title: str, software: str
) -> list[str]:
    """Copy each capture's record and its followers; return the CDXJ lines of what was copied."""
    writer = WARCWriter(warc, gzip=True, warc_version="1.1")
    info = {"software": software, "format": "WARC File Format 1.1", "description": title}
    writer.write_record(writer.create_warcinfo_record("data.warc.gz", info))
    tables: dict[str, tuple[list[tuple[int, int]], dict[int, int]]] = {}
    lines = []
    for capture in captures:
        if capture.warc_file not in tables:
            with archive.open_warc(capture.warc_file) as fh:
                found = list(gzip_members(fh.read))
            tables[capture.warc_file] = (found, {s: i for i, (s, _) in enumerate(found)})
        members, where = tables[capture.warc_file]
        at = where.get(capture.warc_offset, -1)
        if at < 0:
            raise PackageError(f"{capture.warc_file}@{capture.warc_offset}: no record starts there")
        for n, (start, length) in enumerate(members[at : at + 1 + MAX_FOLLOWERS]):
            member = _read(archive, capture.warc_file, start, length)
            record, payload = _parse(member)
            headers = record.rec_headers
            if n == 0:
                if headers.get_header("WARC-Record-ID") != capture.warc_record_id:
                    raise PackageError(f"{capture.warc_file}@{start}: not {capture.warc_record_id}")
                _check_payload(record, payload, capture)
                lines.append(_cdxj(record, warc.tell(), len(member)))
            elif headers.get_header("WARC-Concurrent-To") != capture.warc_record_id:
                break
            warc.write(member)
    return lines


def _read(archive: Archive, name: str, start: int, length: int) -> bytes:
    with archive.open_warc(name, start) as fh:
        parts, left = [], length
        while left:
            piece = fh.read(min(left, 1024 * 1024))
            if not piece:
                raise PackageError(f"{name}@{start}: cut short")
            parts.append(piece)
            left -= len(piece)
    return b"".join(parts)


def _parse(member: bytes) -> tuple[Any, bytes]:
    for record in ArchiveIterator(BytesIO(member)):
        payload = b""
        if record.rec_type == "response":
            payload = record.content_stream().read()  # the body as sent (before decoding)
        return record, payload
    raise PackageError("an empty gzip member")


def _check_payload(record: Any, payload: bytes, capture: Capture) -> None:
    if record.rec_type != "response":
        return
    if hashlib.sha256(payload).hexdigest() != capture.sha256:
        raise PackageError(f"{capture.url}: the WARC payload no longer matches its sha256")


def _cdxj(record: Any, offset: int, length: int) -> str:
    """One index line in the form cdxj-indexer writes and pywb and wabac read."""
    h = record.rec_headers
    url = h.get_header("WARC-Target-URI")
    date = h.get_header("WARC-Date")
    stamp = datetime.fromisoformat(date.replace("Z", "+00:00")).strftime("%Y%m%d%H%M%S")
    fields: dict[str, str] = {"url": url}
    http = record.http_headers
    if record.rec_type == "revisit":
        fields["mime"] = "warc/revisit"
    else:
        ctype = http.get_header("Content-Type") if http is not None else None
        fields["mime"] = (ctype or "unk").split(";")[0].strip().lower()
    if http is not None and http.get_statuscode():
        fields["status"] = http.get_statuscode()
    digest = h.get_header("WARC-Payload-Digest")
    if digest:
        fields["digest"] = digest
    fields.update(length=str(length), offset=str(offset), filename="data.warc.gz")
    return f"{surt.surt(url)} {stamp} {json.dumps(fields, ensure_ascii=False)}\n"


def _pages_jsonl(chosen: Selection) -> bytes:
    lines = [{"format": "json-pages-1.0", "id": "pages", "title": "All Pages"}]
    lines += [{"id": p.id, "url": p.url, "title": p.title, "ts": _iso(p.ts)} for p in chosen.pages]
    return "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode("utf-8")


def _datapackage(
    zf: zipfile.ZipFile,
    title: str,
    software: str,
    chosen: Selection,
    requires: list[dict[str, str]],
) -> bytes:
    resources = []
    for info in zf.infolist():
        h = hashlib.sha256()
        with zf.open(info) as fh:
            while piece := fh.read(1024 * 1024):
                h.update(piece)
        resources.append(
            {
                "name": os.path.basename(info.filename).lower(),
                "path": info.filename,
                "hash": "sha256:" + h.hexdigest(),
                "bytes": info.file_size,
            }
        )
    package: dict[str, Any] = {
        "profile": "data-package",
        "wacz_version": WACZ_VERSION,
        "title": title,
        "software": software,
        "created": _iso(datetime.now(UTC)),
        "resources": resources,
    }
    if chosen.pages:
        package["mainPageUrl"] = chosen.pages[0].url
        package["mainPageDate"] = _iso(chosen.pages[0].ts)
    if requires:
        # payloads no record in the archive holds: these revisits cannot replay from here
        package["requires"] = requires
    return json.dumps(package, ensure_ascii=False, indent=2).encode("utf-8")
