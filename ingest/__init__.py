"""Ingest: archived bytes and what the crawl knew of them → report identity → version → alerts.

One plain function (``ingest_document``) that the crawl's item pipeline calls for
each document, and that ``nianbao reparse`` and ``nianbao reindex`` call on bytes
already in the archive.  It sits between the crawler (above) and the archive and
parsers (below): it imports those two, never the crawler or the command line.
"""

from ingest.content import ParsedContent, parse_content
from ingest.document import DocumentFacts, IngestOutcome, ingest_document

__all__ = ["DocumentFacts", "IngestOutcome", "ParsedContent", "ingest_document", "parse_content"]
