"""Item pipelines: turn the spider's documents into reports and versions in the database.

The raw bytes are already archived by the capture middleware; this stage
parses what it can (a parse failure is recorded, never fatal) and records
which report and which version a capture holds.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.models import Document, Region, ReportVersion
from archive.reports import (
    SourceContent,
    apply_presence,
    get_or_create_organ,
    get_or_create_report,
    record_version,
)
from crawler.items import DocumentItem
from crawler.organs import organ_name

logger = logging.getLogger(__name__)


#: (report/1 or None, main text or None, parser version)
ParsedContent = tuple[dict[str, Any] | None, str | None, str | None]


def parse_content(item: DocumentItem, limits: Any = None) -> ParsedContent:
    """(report/1 or None, main text or None, parser version) for one document.

    Parsed in a worker process under ``limits`` (parsers.limits.ParseLimits);
    a failure's one-line reason is left in ``item.extra["parse_error"]``.
    """
    import parsers

    parsed: dict[str, Any] | None = None
    try:
        name = item.extra.get("filename") or item.url.rsplit("/", 1)[-1]
        parsed = parsers.parse_isolated(item.body, name, limits)
    except parsers.ParseError as exc:
        item.extra["parse_error"] = str(exc)
        logger.info("not parsed %s: %s", item.url, exc)
    except Exception:  # a parser bug must not stop the crawl; the bytes are archived
        logger.exception("parser failed on %s", item.url)
    text = None
    if (item.content_type or "").startswith("text/html") or item.body.lstrip()[:1] == b"<":
        from crawler.maintext import main_text

        text = main_text(item.body, item.extra.get("encoding") or "utf-8")
    return parsed, text, parsers.PARSER_VERSION


class DocumentPipeline:
    def __init__(self, crawler: Crawler, sessions: sessionmaker[Session], crawl_id: int | None):
        self.crawler = crawler
        self.sessions = sessions
        self.crawl_id = crawl_id
        #: reports reached through their column this crawl, and answers of re-checked ones
        self.linked: set[int] = set()
        self.rechecked: dict[int, list[int]] = {}
        self.parser = ThreadPoolExecutor(max_workers=1, thread_name_prefix="parser")
        self.limits = crawler.settings.get("NIANBAO_PARSE_LIMITS")  # parsers.limits.ParseLimits

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DocumentPipeline:
        from nianbao.crawl import crawl_context

        ctx = crawl_context(crawler)
        if ctx is None:
            raise NotConfigured("no database for this crawler")
        return cls(crawler, ctx.sessions, ctx.crawl_id)

    async def process_item(self, item: DocumentItem, spider: Spider | None = None) -> DocumentItem:
        now = datetime.now(UTC)
        stats = self.crawler.stats
        parsed: ParsedContent | None = None
        if item.status < 400 and item.capture is not None and not self._body_elsewhere(item):
            # a payload parsed before by this parser version is not parsed again; a new one
            # is parsed off the reactor thread so that downloads go on meanwhile, one at a
            # time: PDFium (PDFs, scans) must never run in two threads at once
            parsed = self._known_content(item.capture.sha256) or await asyncio.wrap_future(
                self.parser.submit(parse_content, item, self.limits)
            )
        with self.sessions() as session:
            doc = self._document(session, item, now)
            if item.status < 400 and item.capture is not None:
                self._link_report(session, doc, item, now, parsed)
            if doc.report_id is not None:
                if item.extra.get("recheck"):
                    self.rechecked.setdefault(doc.report_id, []).append(item.status)
                elif item.status < 400:
                    self.linked.add(doc.report_id)
            session.commit()
        if stats:
            code = item.portal.get("code", "?")
            stats.inc_value(f"nianbao/site/{code}/{item.kind}s")
        return item

    def close_spider(self, spider: Spider | None = None) -> None:
        """Withdrawn/restored once the whole walk (and the re-checks) are done."""
        self.parser.shutdown(wait=True)
        with self.sessions() as session:
            raised = apply_presence(session, self.linked, self.rechecked, self.crawl_id)
            session.commit()
        summary = getattr(self.crawler, "nianbao_summary", None)
        if summary is not None:
            summary.extra_alerts.extend(raised)

    def _document(self, session: Session, item: DocumentItem, now: datetime) -> Document:
        doc = session.scalars(select(Document).where(Document.url == item.url)).first()
        parent = None
        if item.parent_url:
            parent = session.scalars(
                select(Document).where(Document.url == item.parent_url)
            ).first()
        if doc is None:
            doc = Document(
                url=item.url,
                portal_id=item.portal.get("portal_id"),
                kind=item.kind,
                title=item.title,
                parent_id=parent.id if parent else None,
                first_seen=now,
                last_seen=now,
            )
            session.add(doc)
            session.flush()
        else:
            doc.last_seen = now
            if item.title and not doc.title:
                doc.title = item.title
        if parent is not None and parent.report_id and not doc.report_id:
            doc.report_id = parent.report_id
        return doc

    @staticmethod
    def _body_elsewhere(item: DocumentItem) -> bool:
        return item.kind == "article" and item.body_is_attachment

    def _known_content(self, sha256: str) -> ParsedContent | None:
        import parsers

        with self.sessions() as session:
            row = session.execute(
                select(ReportVersion.parsed, ReportVersion.text)
                .where(ReportVersion.sha256 == sha256)
                .where(ReportVersion.parser_version == parsers.PARSER_VERSION)
                .limit(1)
            ).first()
        return (row.parsed, row.text, parsers.PARSER_VERSION) if row is not None else None

    def _link_report(
        self,
        session: Session,
        doc: Document,
        item: DocumentItem,
        now: datetime,
        content_read: ParsedContent | None,
    ) -> None:
        if self._body_elsewhere(item) or content_read is None:
            self._report_for(session, doc, item, None)
            return  # the report's body is its attachment
        parsed, text, parser_version = content_read
        report = self._report_for(session, doc, item, parsed)
        if report is None:
            return
        content = SourceContent(
            item.capture.capture_id, item.capture.sha256, parsed, text, parser_version
        )
        _, alert = record_version(session, report, doc, content, self.crawl_id, now)
        summary = getattr(self.crawler, "nianbao_summary", None)
        if summary is not None:
            summary.sites[item.portal["code"]][alert or "unchanged"] += 1

    def _report_for(
        self, session: Session, doc: Document, item: DocumentItem, parsed: dict[str, Any] | None
    ):  # type: ignore[no-untyped-def]
        from archive.models import Report

        if doc.report_id:
            return session.get(Report, doc.report_id)
        portal = item.portal
        region = session.get(Region, portal["code"])
        # the title names organ and year the same way on every crawl, so it wins for identity;
        # the parse fills in what the title does not say
        year = item.year or (parsed or {}).get("year")
        if year is None:
            return None
        found = item.organ or (parsed or {}).get("organ")
        name = organ_name(found, region.name if region else portal["name"], portal["level"])
        organ = get_or_create_organ(session, portal["code"], name)
        report, _ = get_or_create_report(session, organ, int(year), item.title)
        doc.report_id = report.id
        return report
