"""Item pipeline: hand each document the spider found to ingest, off the reactor thread.

The raw bytes are already archived by the capture middleware; this stage
parses what it can (a parse failure is recorded, never fatal) and lets
``ingest.ingest_document`` record which report and which version a capture holds.
What the crawl alone can tell (which reports its columns still link, which
re-checked pages are gone) is applied when the spider closes.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.capture_store import CaptureStore
from archive.models import Capture, ReportVersion
from archive.presence import REDIRECTED_HOME, apply_presence, is_gone
from crawler.context import crawl_context
from crawler.db_writer import ArchiveWriter
from crawler.items import DocumentItem
from crawler.summary import crawl_summary
from ingest import DocumentFacts, ParsedContent, ingest_document, parse_content
from ingest.document import CaptureRef, IngestOutcome

logger = logging.getLogger(__name__)

#: one document for the writer: the item, its facts, its capture, what its bytes say
_Job = tuple[DocumentItem, DocumentFacts, CaptureRef | None, ParsedContent | None]


def facts_of(item: DocumentItem) -> DocumentFacts:
    portal = item.portal
    return DocumentFacts(
        url=item.url,
        kind=item.kind,
        portal_code=portal["code"],
        portal_name=portal["name"],
        portal_level=portal["level"],
        portal_id=portal.get("portal_id"),
        title=item.title,
        year=item.year,
        organ=item.organ,
        parent_url=item.parent_url,
        body_is_attachment=item.kind == "article" and item.body_is_attachment,
        portal_url=portal.get("url"),
        portal_parent_code=portal.get("parent_code"),
    )


def parse_item(item: DocumentItem, limits: Any = None) -> ParsedContent:
    """Parse in the worker process under ``limits``; a failure's reason goes on the item."""
    name = item.extra.get("filename") or item.url.rsplit("/", 1)[-1]

    def failed(reason: str) -> None:
        item.extra["parse_error"] = reason

    return parse_content(
        item.body, name, item.content_type, item.extra.get("encoding"), limits, on_failure=failed
    )


class DocumentPipeline:
    def __init__(
        self,
        crawler: Crawler,
        sessions: sessionmaker[Session],
        crawl_id: int | None,
        store: CaptureStore | None = None,
        writer: ArchiveWriter | None = None,
    ):
        self.crawler = crawler
        self.sessions = sessions
        self.crawl_id = crawl_id
        self.store = store
        self.writer = writer or ArchiveWriter()
        #: reports reached through their column this crawl, and answers of re-checked ones
        self.linked: set[int] = set()
        self.rechecked: dict[int, list[int | str]] = {}
        self.parser = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parser")
        self.limits = crawler.settings.get("NIANBAO_PARSE_LIMITS")  # parsers.limits.ParseLimits

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DocumentPipeline:
        ctx = crawl_context(crawler)
        if ctx is None:
            raise NotConfigured("no database for this crawler")
        return cls(crawler, ctx.sessions, ctx.crawl_id, ctx.store, ctx.writer)

    async def process_item(self, item: DocumentItem, spider: Spider | None = None) -> DocumentItem:
        facts = facts_of(item)
        capture = None
        if item.capture is not None:
            capture = CaptureRef(item.capture.capture_id, item.capture.sha256, item.status)
        parsed: ParsedContent | None = None
        if capture is not None and item.status < 400 and not facts.body_is_attachment:
            # a payload parsed before by this parser version is not parsed again (bytes new
            # to the archive were not: no look); a new one is parsed off the reactor thread
            # so that downloads go on meanwhile, one at a time: PDFium (PDFs, scans) must
            # never run in two threads at once
            known = None if item.capture.new_payload else self._known_content(capture.sha256)
            parsed = known or await asyncio.wrap_future(
                self.parser.submit(parse_item, item, self.limits)
            )
        # the database and WARC writes on the writer thread, with the other documents there
        done = await self.writer.grouped(self._record_group, (item, facts, capture, parsed))
        if done.report_id is not None:
            if item.extra.get("recheck"):
                answer = REDIRECTED_HOME if item.extra.get("redirected_home") else item.status
                # a probe's page that answers proves nothing: its list was not read tonight
                if not item.extra.get("probe") or is_gone([answer]):
                    self.rechecked.setdefault(done.report_id, []).append(answer)
            elif item.status < 400:
                self.linked.add(done.report_id)
        summary = crawl_summary(self.crawler)
        if summary is not None:
            if done.outcome is not None:
                summary.sites[facts.portal_code][done.outcome] += 1
            if item.extra.get("parse_error") and capture is not None:
                reason = item.extra["parse_error"]
                summary.sites[facts.portal_code].setdefault("not_parsed", []).append(
                    f"{item.url}: {reason}"
                )
        if self.crawler.stats:
            self.crawler.stats.inc_value(f"nianbao/site/{facts.portal_code}/{item.kind}s")
        return item

    def _record_group(self, jobs: Sequence[_Job]) -> list[IngestOutcome]:
        """The documents' rows and refused parses' reasons in one transaction, then their
        facts' WARC records with one fsync (on the writer thread)."""
        outcomes = []
        with self.sessions() as session:
            for item, facts, capture, parsed in jobs:
                # sightings are the capture's own time, so `reindex` rebuilds them exactly
                seen = getattr(item.capture, "fetched_at", None) or datetime.now(UTC)
                done = ingest_document(session, facts, capture, parsed, self.crawl_id, seen)
                outcomes.append(done)
                if item.extra.get("parse_error") and capture is not None:
                    self._flag(session, capture.capture_id, item.extra["parse_error"])
            session.commit()
        notes = [
            (capture.capture_id, facts.as_dict())  # for `reindex`
            for (_, facts, capture, _), done in zip(jobs, outcomes, strict=True)
            if done.document_created and capture is not None
        ]
        if notes and self.store is not None:
            try:
                self.store.annotate_group(notes)
            except Exception:  # the rows are committed: doing the group again would not help
                logger.exception("the facts of %d documents were not written to WARC", len(notes))
        return outcomes

    def close_spider(self, spider: Spider | None = None) -> None:
        """Withdrawn/restored once the whole walk (and the re-checks) are done."""
        self.parser.shutdown(wait=True)
        raised = self.writer.call(self._apply_presence)
        summary = crawl_summary(self.crawler)
        if summary is not None:
            summary.extra_alerts.extend(raised)

    def _apply_presence(self) -> list[tuple[int, str]]:
        """On the writer thread: each change also goes into the WARC files, for `reindex`."""
        changes: list[tuple[dict[str, Any], int | None]] = []
        with self.sessions() as session:
            raised = apply_presence(
                session,
                self.linked,
                self.rechecked,
                self.crawl_id,
                record=lambda fact, capture_id: changes.append((fact, capture_id)),
            )
            session.commit()
        if self.store is not None:  # only what the database kept goes into the archive
            for fact, capture_id in changes:
                self.store.record_presence(fact, capture_id)
        return raised

    @staticmethod
    def _flag(session: Session, capture_id: int, reason: str) -> None:
        """The capture is archived; say on it why it was not parsed."""
        import parsers

        cap = session.get(Capture, capture_id)
        if cap is not None:
            cap.parse_error, cap.parse_error_version = reason[:2000], parsers.PARSER_VERSION

    def _known_content(self, sha256: str) -> ParsedContent | None:
        import parsers

        with self.sessions() as session:
            row = session.execute(
                select(ReportVersion.parsed, ReportVersion.text)
                .where(ReportVersion.sha256 == sha256)
                .where(ReportVersion.parser_version == parsers.PARSER_VERSION)
                .limit(1)
            ).first()
            if row is None:  # bytes this parser already refused: not tried again
                failed = session.scalars(
                    select(Capture.id)
                    .where(Capture.sha256 == sha256, Capture.parse_error.is_not(None))
                    .where(Capture.parse_error_version == parsers.PARSER_VERSION)
                    .limit(1)
                ).first()
                if failed is not None:
                    return None, None, parsers.PARSER_VERSION
        return (row.parsed, row.text, parsers.PARSER_VERSION) if row is not None else None
