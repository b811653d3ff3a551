"""The archive's fixity check: re-hash every blob and every WARC record, in either backend.

Problems are reported, never repaired: a mismatch is evidence, and the archive is
append-only.  Every stored WARC file must be whole, gzip member by member (a cut
or damaged last record is a problem: writers only store complete files, so a bad
tail is damage, not an interrupted write).  An empty index over a full archive is
a problem too: the database was lost, and ``nianbao reindex`` rebuilds it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.archive import Archive, BlobCorrupted, BlobMissing
from archive.gzip_members import intact_length
from archive.models import Capture
from archive.storage import ObjectMissing
from archive.warc_records import warc_sha256

READ_ERRORS = (ArchiveLoadFailed, EOFError, OSError, ValueError, ObjectMissing)


@dataclass
class FixityReport:
    blobs: int = 0
    warc_files: int = 0
    warc_records: int = 0
    captures: int = 0
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, object]:
        return {
            "ok": self.ok,
            "blobs": self.blobs,
            "warc_files": self.warc_files,
            "warc_records": self.warc_records,
            "captures": self.captures,
            "problems": self.problems,
            "notes": self.notes,
        }


def check_blobs(archive: Archive, report: FixityReport, tick: Callable[[], None]) -> set[str]:
    held = set()
    for digest in archive.blob_digests():
        held.add(digest)
        report.blobs += 1
        try:
            archive.verify_blob(digest)
        except (BlobCorrupted, BlobMissing) as exc:
            report.problems.append(f"{exc} ({archive.blob_location(digest)})")
        tick()
    return held


def check_warc_file(archive: Archive, name: str, report: FixityReport) -> None:
    """The file is whole gzip members, and every record passes warcio's digest checks."""
    report.warc_files += 1
    with archive.open_warc(name) as fh:
        whole, damage = intact_length(fh.read)
    if damage is not None:
        report.problems.append(f"WARC {name}: {damage} (whole up to byte {whole})")
    offset = 0
    try:
        with archive.open_warc(name) as fh:
            it = ArchiveIterator(fh, check_digests=True)
            for record in it:
                stream = record.content_stream()
                while stream.read(1024 * 1024):  # read first: the offset reads to the end
                    pass
                offset = it.get_record_offset()
                report.warc_records += 1
                if record.digest_checker.problems:
                    report.problems.append(
                        f"WARC {name}@{offset}: {'; '.join(record.digest_checker.problems)}"
                    )
    except READ_ERRORS as exc:
        if damage is None:
            report.problems.append(f"WARC {name} after offset {offset}: unreadable: {exc}")


def check_capture(archive: Archive, cap: Capture, held: set[str], report: FixityReport) -> None:
    """The capture's blob exists and its WARC record carries that blob's payload digest."""
    if cap.sha256 not in held:
        report.problems.append(
            f"capture {cap.id} ({cap.url}): blob {cap.sha256} missing"
            f" ({archive.blob_location(cap.sha256)})"
        )
    if not archive.has_warc(cap.warc_file):
        where = (
            " (still in the spool: the next crawl on this archive stores it)"
            if archive.spooled(cap.warc_file)
            else ""
        )
        report.problems.append(f"capture {cap.id}: WARC file {cap.warc_file} missing{where}")
        return
    try:
        with archive.open_warc(cap.warc_file, cap.warc_offset) as fh:
            record = next(iter(ArchiveIterator(fh)))
            digest = record.rec_headers.get_header("WARC-Payload-Digest")
            body_hash = None
            if cap.warc_type == "response":
                h = hashlib.sha256()
                stream = record.raw_stream  # as fetched: no content or transfer decoding
                while piece := stream.read(1024 * 1024):
                    h.update(piece)
                body_hash = h.hexdigest()
    except (StopIteration, *READ_ERRORS) as exc:
        report.problems.append(
            f"capture {cap.id}: no record at {cap.warc_file}@{cap.warc_offset}: {exc}"
        )
        return
    if digest != warc_sha256(cap.sha256):
        report.problems.append(
            f"capture {cap.id}: WARC payload digest {digest} != sha256 {cap.sha256}"
        )
    if body_hash is not None and body_hash != cap.sha256:
        report.problems.append(f"capture {cap.id}: WARC payload does not hash to {cap.sha256}")


def verify_archive(
    session: Session, archive: Archive, tick: Callable[[], None] = lambda: None
) -> FixityReport:
    report = FixityReport()
    held = check_blobs(archive, report, tick)
    for cap in session.scalars(select(Capture).order_by(Capture.id)):
        report.captures += 1
        check_capture(archive, cap, held, report)
        tick()
    names = archive.warc_names()
    for name in names:
        check_warc_file(archive, name, report)
        tick()
    if report.captures == 0 and (names or report.blobs):
        report.problems.append(
            f"the database indexes no capture, but the archive {archive.location} holds "
            f"{len(names)} WARC files ({report.warc_records} records) and {report.blobs} blobs: "
            "the index is lost (run `nianbao reindex`)"
        )
    return report
