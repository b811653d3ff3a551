"""Item pipelines: turn the spider's documents into reports and versions in the database.

The raw bytes are already archived by the capture middleware; this stage
parses what it can (a parse failure is recorded, never fatal) and records
which report and which version a capture holds.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.models import Document, Region
from archive.reports import SourceContent, get_or_create_organ, get_or_create_report, record_version
from crawler.items import DocumentItem
from crawler.organs import organ_name

logger = logging.getLogger(__name__)


def decode_html(body: bytes) -> str:
    """UTF-8 when the bytes are valid UTF-8, else GB18030 (old portals' GBK/GB2312)."""
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return body.decode("gb18030", "replace")


def parse_content(item: DocumentItem) -> tuple[dict[str, Any] | None, str | None, str | None]:
    """(report/1 or None, main text or None, parser version) for one document."""
    import parsers

    parsed: dict[str, Any] | None = None
    try:
        parsed = parsers.parse_bytes(item.body, item.url.rsplit("/", 1)[-1])
    except parsers.ParseError as exc:
        logger.info("not parsed %s: %s", item.url, exc)
    except Exception:  # a parser bug must not stop the crawl; the bytes are archived
        logger.exception("parser failed on %s", item.url)
    text = None
    if (item.content_type or "").startswith("text/html") or item.body.lstrip()[:1] == b"<":
        import trafilatura

        text = trafilatura.extract(decode_html(item.body), favor_recall=True)
    return parsed, text, parsers.PARSER_VERSION


class DocumentPipeline:
    def __init__(self, crawler: Crawler, sessions: sessionmaker[Session], crawl_id: int | None):
        self.crawler = crawler
        self.sessions = sessions
        self.crawl_id = crawl_id

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DocumentPipeline:
        from nianbao.crawl import crawl_context

        ctx = crawl_context(crawler)
        if ctx is None:
            raise NotConfigured("no database for this crawler")
        return cls(crawler, ctx.sessions, ctx.crawl_id)

    def process_item(self, item: DocumentItem, spider: Spider | None = None) -> DocumentItem:
        now = datetime.now(UTC)
        stats = self.crawler.stats
        with self.sessions() as session:
            doc = self._document(session, item, now)
            if item.status < 400 and item.capture is not None:
                self._link_report(session, doc, item, now)
            session.commit()
        if stats:
            code = item.portal.get("code", "?")
            stats.inc_value(f"nianbao/site/{code}/{item.kind}s")
        return item

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

    def _link_report(
        self, session: Session, doc: Document, item: DocumentItem, now: datetime
    ) -> None:
        if item.kind == "article" and item.body_is_attachment:
            self._report_for(session, doc, item, None)
            return  # the report's body is its attachment
        parsed, text, parser_version = parse_content(item)
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
