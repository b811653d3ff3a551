"""The archive's fixity check: re-hash every blob and every WARC record.

Problems are reported, never repaired: a mismatch is evidence, and the
archive is append-only.  A truncated last record in a WARC file (a crawl
killed mid-write) is reported as a note when no capture points into it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from archive.blobstore import BlobCorrupted, BlobStore
from archive.models import Capture
from archive.warc import warc_sha256


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


def check_blobs(store: BlobStore, report: FixityReport, tick: Callable[[], None]) -> None:
    for digest in store.iter_digests():
        report.blobs += 1
        try:
            store.get(digest)
        except BlobCorrupted as exc:
            report.problems.append(str(exc))
        tick()


def check_warc_file(path: Path, report: FixityReport, referenced: set[int]) -> None:
    """Read every record with warcio's digest checks; a bad tail past all captures is a note."""
    report.warc_files += 1
    with open(path, "rb") as fh:
        it = ArchiveIterator(fh, check_digests=True)
        offset = 0
        try:
            for record in it:
                offset = it.get_record_offset()
                record.content_stream().read()
                report.warc_records += 1
                checker = record.digest_checker
                if checker.problems:
                    report.problems.append(f"{path.name}@{offset}: {'; '.join(checker.problems)}")
        except (ArchiveLoadFailed, EOFError, OSError, ValueError) as exc:
            where = f"{path.name} after offset {offset}"
            if any(o > offset for o in referenced):
                report.problems.append(f"{where}: unreadable: {exc}")
            else:
                report.notes.append(
                    f"{where}: truncated tail (interrupted write), no capture uses it"
                )


def check_captures(
    session: Session, archive_dir: Path, report: FixityReport
) -> dict[str, set[int]]:
    """Each capture's blob exists and its WARC record carries the payload digest of that blob."""
    store = BlobStore(archive_dir / "blobs")
    by_file: dict[str, set[int]] = {}
    for cap in session.scalars(select(Capture).order_by(Capture.id)):
        report.captures += 1
        by_file.setdefault(cap.warc_file, set()).add(cap.warc_offset)
        if not store.has(cap.sha256):
            report.problems.append(f"capture {cap.id} ({cap.url}): blob {cap.sha256} missing")
        path = archive_dir / "warc" / cap.warc_file
        if not path.exists():
            report.problems.append(f"capture {cap.id}: WARC file {cap.warc_file} missing")
            continue
        with open(path, "rb") as fh:
            fh.seek(cap.warc_offset)
            try:
                record = next(iter(ArchiveIterator(fh)))
            except (StopIteration, ArchiveLoadFailed, OSError) as exc:
                report.problems.append(
                    f"capture {cap.id}: no record at {cap.warc_file}@{cap.warc_offset}: {exc}"
                )
                continue
            digest = record.rec_headers.get_header("WARC-Payload-Digest")
            if digest != warc_sha256(cap.sha256):
                report.problems.append(
                    f"capture {cap.id}: WARC payload digest {digest} != sha256 {cap.sha256}"
                )
            if cap.warc_type == "response":
                body = record.content_stream().read()
                if hashlib.sha256(body).hexdigest() != cap.sha256:
                    report.problems.append(
                        f"capture {cap.id}: WARC payload does not hash to {cap.sha256}"
                    )
    return by_file


def verify_archive(
    session: Session, archive_dir: Path, tick: Callable[[], None] = lambda: None
) -> FixityReport:
    report = FixityReport()
    check_blobs(BlobStore(archive_dir / "blobs"), report, tick)
    referenced = check_captures(session, archive_dir, report)
    for path in sorted((archive_dir / "warc").glob("*.warc.gz")):
        check_warc_file(path, report, referenced.get(path.name, set()))
        tick()
    return report
