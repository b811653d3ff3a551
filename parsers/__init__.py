"""Bytes of a report (HTML, PDF, DOCX, DOC, WPS, text, scan) into ``report/1`` dicts.

The parsers know nothing of Scrapy or the database: ``parse_bytes`` takes
bytes and returns data, so the CLI, the crawl pipeline and the tests share it.
Bytes from the web go through ``parse_isolated``: the same parse in a worker
process under memory and CPU limits (``ParseLimits``), so that a hostile
file fails with a reason instead of taking the caller down.
"""

from parsers.document import Document, Table
from parsers.errors import NotAReport, ParseError
from parsers.limits import ParseLimitExceeded, ParseLimits

#: recorded with every parse, so reports can be re-parsed when it changes;
#: 0.2: values placed by position in borderless tables, region codes from
#: the division registry, 元 amounts in 万元, unplaced values flagged by cell;
#: 0.3: vertical group labels cut out of PDF cells, labels with typos read by
#: likeness (fuzzy_label), cells run together split by the row's sums
#: (digits_split / digits_run_together), table 四 under group headings, and
#: rows of the other template flagged (template_mismatch)
PARSER_VERSION = "0.3.0"

__all__ = [
    "Document",
    "NotAReport",
    "PARSER_VERSION",
    "ParseError",
    "ParseLimitExceeded",
    "ParseLimits",
    "Table",
    "parse_bytes",
    "parse_isolated",
    "read_isolated",
]


def parse_bytes(data: bytes, filename: str | None = None) -> dict[str, object]:
    """Parse one file's bytes into a ``report/1`` dict.

    The type is sniffed from the bytes; ``filename`` only helps name things.
    Raises ``ParseError`` (or ``NotAReport``) with a one-line message.
    """
    from parsers.pipeline import parse_document_bytes

    return parse_document_bytes(data, filename)


def parse_isolated(
    data: bytes, filename: str | None = None, limits: ParseLimits | None = None
) -> dict[str, object]:
    """``parse_bytes`` in a worker process under ``limits`` (see ``parsers.sandbox``)."""
    from parsers.sandbox import parse_isolated as run

    return run(data, filename, limits)


def read_isolated(
    data: bytes,
    filename: str | None = None,
    limits: ParseLimits | None = None,
    text_encoding: str | None = None,
) -> tuple[dict[str, object] | None, ParseError | None, str | None]:
    """(report, or why not; an HTML page's main text when ``text_encoding`` is given), both
    read in the worker process under ``limits`` (see ``parsers.sandbox.read_isolated``)."""
    from parsers.sandbox import read_isolated as run

    return run(data, filename, limits, text_encoding)
