"""The crawl's shared state (archive, database, crawl row), built once per crawler from settings.

Scrapy components reach the crawl's state through the crawler, never through
attributes stuck onto it or imports from the command line: the runner puts plain
settings on the crawler (``NIANBAO_DB``, ``NIANBAO_ARCHIVE``, ``NIANBAO_CRAWL_ID``,
``NIANBAO_RESUMING``), and the first component that asks ``crawl_context(crawler)``
opens the archive and the database they name; every later one gets the same
objects.  A crawler without those settings (``scrapy crawl`` by hand) has no
context, and the archiving components switch themselves off with ``NotConfigured``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from weakref import WeakKeyDictionary

from scrapy.crawler import Crawler
from sqlalchemy.orm import Session, sessionmaker

from archive.capture_store import CaptureStore
from archive.db import open_database
from crawler.db_writer import ArchiveWriter


@dataclass(frozen=True)
class CrawlContext:
    """Archive, database and crawl row shared by the crawl's middlewares and pipelines."""

    store: CaptureStore
    sessions: sessionmaker[Session]
    crawl_id: int
    resuming: bool
    #: the one thread that archives responses and ingests documents (crawler/db_writer.py)
    writer: ArchiveWriter = field(default_factory=ArchiveWriter)


_contexts: WeakKeyDictionary[Crawler, CrawlContext] = WeakKeyDictionary()


def crawl_settings(db_url: str, archive: str, crawl_id: int, resuming: bool) -> dict[str, object]:
    """The settings a runner gives a crawler so that its components find the crawl."""
    return {
        "NIANBAO_DB": db_url,
        "NIANBAO_ARCHIVE": archive,
        "NIANBAO_CRAWL_ID": crawl_id,
        "NIANBAO_RESUMING": resuming,
    }


def crawl_context(crawler: Crawler) -> CrawlContext | None:
    """The crawler's context, or None when it was not configured for archiving."""
    ctx = _contexts.get(crawler)
    if ctx is not None:
        return ctx
    s = crawler.settings
    db, archive, crawl_id = (
        s.get("NIANBAO_DB"),
        s.get("NIANBAO_ARCHIVE"),
        s.getint("NIANBAO_CRAWL_ID"),
    )
    if not (db and archive and crawl_id):
        return None
    sessions = open_database(db)
    robots = "obey" if s.getbool("ROBOTSTXT_OBEY") else "ignore"
    store = CaptureStore(archive, sessions, robots=robots)
    ctx = CrawlContext(store, sessions, crawl_id, s.getbool("NIANBAO_RESUMING"))
    _contexts[crawler] = ctx
    return ctx
