"""HTML pages: tables from the DOM, main text from trafilatura.

trafilatura finds an article's text well but mangles ``colspan`` tables, so
tables are read from the lxml DOM here, with rowspan/colspan expanded.
Layout tables (a table whose cells hold tables, common on older portals)
are walked through as containers; only innermost tables are data.
Navigation, headers and footers are dropped before the walk so that menu
entries such as 政府信息公开年报 do not look like headings of the report.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from parsers.document import Document, Table
from parsers.errors import ParseError
from parsers.limits import current, too_large
from parsers.readers.columns import align_all
from parsers.readers.grid import Cell, clean_cell, expand
from parsers.readers.html_meta import decode_html, read_meta, title_and_date
from parsers.readers.lines import is_number, recover_tables

_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "form", "iframe", "select")
_CHROME = re.compile(
    r"(^|[\s_\-])(nav|menu|footer|foot|header|head|top|breadcrumb|crumb|share|sidebar|"
    r"side|copyright|links?|search|login|bottom|toolbar)([\s_\-]|\d|$)",
    re.I,
)
_CELLISH = ("p", "td", "th")
_GAP = re.compile(r"[ \t\u00a0\u3000]{2,}|\t")
_BLOCK = {
    "p", "div", "br", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section",
    "article", "tr", "td", "th", "table", "center", "blockquote", "pre", "dd", "dt", "hr",
}  # fmt: skip


def read(data: bytes) -> Document:
    limits = current()
    if len(data) > limits.html_mb << 20:
        raise too_large(f"an HTML page of {len(data) >> 20} MiB (limit {limits.html_mb} MiB)")
    html = decode_html(data)
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ParseError(f"HTML that lxml cannot parse ({exc})") from None
    meta = read_meta(root)
    # title and date before the chrome goes: 发布时间 often sits in a "top"/"info" bar
    title, published = title_and_date(meta, root, root.text_content()[:20000])
    _strip_chrome(root)
    walker = _Walker()
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    warnings: list[str] = []
    blocks = align_all(recover_tables(walker.blocks), warnings, text=True)
    # trafilatura's time grows faster than the page: big pages keep the walker's text
    big = len(data) > limits.html_main_text_kb << 10
    text = (None if big else _main_text(root)) or "\n".join(b for b in blocks if isinstance(b, str))
    return Document(
        blocks=blocks,
        text=text,
        source_format="html",
        title=title,
        published=published,
        meta=meta,
        warnings=warnings,
    )


def read_mht(data: bytes) -> Document:
    """A MIME "single file web page": read its HTML part."""
    import email
    from email import policy

    msg = email.message_from_bytes(data, policy=policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                charset = part.get_content_charset()
                if charset and not re.search(rb"<meta[^>]+charset", payload[:4096], re.I):
                    payload = f'<meta charset="{charset}">'.encode() + payload
                doc = read(payload)
                doc.source_format = "mht"
                return doc
    raise ParseError("MHT file without an HTML part")


def _is_data_table(el: HtmlElement) -> bool:
    """Innermost tables with more than one column hold data, unless they are page layout.

    Older portals wrap the whole article in a one-cell table, or put it
    beside a sidebar in a one-row table; reading those as data would bury
    every paragraph in a cell.  A one-column table is walked too: its cells
    become lines, and one-cell-per-line rows are rebuilt from them.
    """
    if el.tag != "table" or el.find(".//table") is not None:
        return False
    rows = list(el.iter("tr"))
    widest = max((len([c for c in tr if c.tag in ("td", "th")]) for tr in rows), default=0)
    if widest <= 1:
        return False
    # a row or two with a long cell is page layout (sidebar | article), not a table
    return len(rows) > 2 or all(len(td.text_content()) <= 400 for td in el.iter("td", "th"))


def _strip_chrome(root: HtmlElement) -> None:
    """Remove scripts and page furniture, but never an element that holds a data table."""
    for el in list(root.iter(*_DROP_TAGS)):
        if el.getparent() is not None and not _holds_data(el):
            el.drop_tree()
    for el in list(root.iter()):
        if not isinstance(el.tag, str) or el.getparent() is None:
            continue
        marks = f"{el.get('class', '')} {el.get('id', '')}"
        if _CHROME.search(marks) and not _holds_data(el) and len(el.text_content()) < 2000:
            el.drop_tree()


def _holds_data(el: HtmlElement) -> bool:
    return any(_is_data_table(t) for t in el.iter("table"))


def _main_text(root: HtmlElement) -> str | None:
    import trafilatura

    try:
        text = trafilatura.extract(
            root, include_tables=False, include_comments=False, fast=True, favor_recall=True
        )
    except Exception:  # trafilatura raises many kinds of errors on odd pages
        return None
    return text or None


class _Walker:
    """Collect paragraphs and tables in document order."""

    def __init__(self) -> None:
        self.blocks: list[str | Table] = []
        self.buf: list[str] = []

    def flush(self) -> None:
        if any("\t" in b for b in self.buf) and self._tab_rows():
            return
        # runs of spaces are kept as a double space: they separate the cells of
        # a table row that an editor typed as one line
        raw = "".join(self.buf).replace("\n", " ")
        parts = [clean_cell(x) for x in _GAP.split(raw)]
        if sum(1 for p in parts if p) >= 3:  # a row: keep the gaps' widths (column positions)
            text = re.sub(r"[\u00a0]", " ", raw).replace("\u3000", "  ").rstrip()
            text = "" if not text.strip() else text
        else:
            text = "  ".join(p for p in parts if p)
        self.buf.clear()
        if text:
            self.blocks.append(text)

    def _tab_rows(self) -> bool:
        """Lines whose cells are separated by tabs (a Word table converted to
        text): one tab per cell boundary, so two tabs in a row are a blank
        cell that keeps the values after it in their columns."""
        lines = [ln for ln in "".join(self.buf).split("\n") if ln.strip()]
        rows = [[clean_cell(c) for c in ln.strip(" \r").split("\t")] for ln in lines]
        if not any(len(r) > 2 and sum(is_number(c) for c in r) >= 2 for r in rows):
            return False
        self.buf.clear()
        table: list[list[str]] = []
        for row in rows:
            if len(row) > 1:
                table.append(row)
                continue
            if table:
                self.blocks.append(Table(rows=table))
                table = []
            self.blocks.append(row[0])
        if table:
            self.blocks.append(Table(rows=table))
        return True

    def walk(self, el: HtmlElement) -> None:
        if not isinstance(el.tag, str):
            return
        if _is_data_table(el):
            self.flush()
            table = table_grid(el)
            if table is not None:
                self.blocks.append(table)
            return
        block = el.tag in _BLOCK
        if block:
            self.flush()
        if el.tag in _CELLISH and not el.text_content().strip():
            self.blocks.append("")  # an empty cell pasted as <p>: kept as a blank
            return
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self.buf.append(child.tail)
        if block:
            self.flush()


def _span(el: HtmlElement, name: str) -> int:
    try:
        return int(re.sub(r"\D", "", el.get(name, "1")) or 1)
    except ValueError:
        return 1


def _cell_text(td: HtmlElement) -> str:
    parts: list[str] = []
    for node in td.iter():
        if node.tag in ("br", "p", "div") and parts:
            parts.append("\n")
        if node.text and node.tag not in ("script", "style"):
            parts.append(node.text)
        if node is not td and node.tail:
            parts.append(node.tail)
    return clean_cell("".join(parts))


def table_grid(table: HtmlElement) -> Table | None:
    """One ``<table>`` as a grid; rows of ``thead``/``tbody``/``tfoot`` in order."""
    rows: list[list[Cell]] = []
    for tr in table.iter("tr"):
        cells = [
            (_cell_text(td), _span(td, "rowspan"), _span(td, "colspan"))
            for td in tr
            if isinstance(td.tag, str) and td.tag in ("td", "th")
        ]
        rows.append(cells)
    if not any(rows):
        return None
    grid = expand(rows)
    if grid is None or not any(any(c for c in r) for r in grid.rows):
        return None
    return grid
