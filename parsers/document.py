"""The format-neutral document that every reader produces and the extractor consumes.

Readers (HTML, PDF, DOCX, DOC/WPS, text, OCR) only turn bytes into a
``Document``; template detection and cell extraction work on ``Document``
alone, so a new format never touches the extraction rules.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Table:
    """A table as a grid of cell texts, in reading order.

    Merged cells (rowspan/colspan, merged DOCX cells) are expanded: the
    merged text is repeated in every grid position it covers, so a row's
    cells line up with the columns of the header.  ``spans`` marks grid
    positions that repeat a merged cell (``(row, col)`` pairs) so that the
    extractor can tell a repeated label from a real value.

    ``xs`` holds the x extent of every cell for tables rebuilt from word
    positions (borderless PDF tables, scans), whose blank cells left no
    trace in ``rows``; ``readers.columns`` uses it to put each cell under
    its column, and drops it once the grid is aligned.
    """

    rows: list[list[str]]
    spans: set[tuple[int, int]] = field(default_factory=set)
    page: int | None = None
    xs: list[list[tuple[float, float]]] | None = None


@dataclass
class Document:
    """Text and tables of one report, with whatever metadata the format gives.

    ``blocks`` keeps paragraphs (``str``) and tables (``Table``) in reading
    order, because template detection reads the headings that precede each
    table.  ``text`` is the main text (for the text diff and the metadata).
    """

    blocks: list[str | Table]
    text: str
    source_format: str
    title: str | None = None
    published: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
