"""Bytes → (report/1, main text, parser version): the parse every ingest path shares.

A parse failure is an answer, not an error: the bytes stay archived and the
document is recorded without cells.  The archive keeps bytes as they came off
the wire, so bytes read back from it are first freed of their Content-Encoding.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

logger = logging.getLogger(__name__)

#: (report/1 or None, main text or None, parser version)
ParsedContent = tuple[dict[str, Any] | None, str | None, str | None]


def looks_like_html(body: bytes, content_type: str | None) -> bool:
    return (content_type or "").startswith("text/html") or body.lstrip()[:1] == b"<"


def parse_content(
    body: bytes,
    name: str,
    content_type: str | None = None,
    encoding: str | None = None,
    limits: Any = None,
    on_failure: Callable[[str], None] | None = None,
) -> ParsedContent:
    """(report/1 or None, main text or None, parser version) for one document's bytes.

    The report, and an HTML page's main text, are read in a worker process under
    ``limits`` (``parsers.ParseLimits``, the defaults when None), so no hostile file
    can take this process down, and this process (the crawl's) spends no time on
    them; a file the parser refuses gives its one-line reason to ``on_failure``.
    """
    import parsers
    from parsers.limits import ParseLimits

    limits = limits or ParseLimits()
    html = looks_like_html(body, content_type) and len(body) <= limits.html_mb << 20
    parsed: dict[str, Any] | None = None
    text = None
    try:
        parsed, error, text = parsers.read_isolated(
            body, name, limits, (encoding or "utf-8") if html else None
        )
    except Exception:  # a parser bug must not stop the crawl; the bytes are archived
        logger.exception("parser failed on %s", name)
    else:
        if error is not None:
            logger.info("not parsed %s: %s", name, error)
            if on_failure is not None:
                on_failure(str(error))
    return parsed, text if html else None, parsers.PARSER_VERSION


def charset_of(headers: list[list[str]] | list[tuple[str, str]]) -> str | None:
    for name, value in headers:
        if name.lower() == "content-type" and "charset=" in value.lower():
            return value.lower().split("charset=", 1)[1].split(";")[0].strip().strip("\"'")
    return None
