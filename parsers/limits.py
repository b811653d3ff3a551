"""How much one document may cost to read, and the error a document over it raises.

A portal can serve a 1 KB DOCX that declares a table 10⁸ columns wide, an
XLSX whose one cell sits at ``XFD1048576``, a PDF page 14400 pt square or
2,000 blank pages.  Readers check the sizes they are about to build against
``ParseLimits`` and raise ``ParseLimitExceeded`` before building them, so
such a file fails in milliseconds with a reason instead of taking the
process's memory or an hour.  The limits that only the operating system can
enforce (memory, CPU time) are applied by ``parsers.sandbox`` to the worker
process that runs the readers.

The limits in force are held in a context variable: the worker (or a test)
sets them around one parse with ``using(limits)``, and readers ask
``current()``; code that never sets them gets the defaults.
"""

from __future__ import annotations

import contextvars
import resource
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, fields

from parsers.errors import ParseError


@dataclass(frozen=True)
class ParseLimits:
    """Per-document limits; every one is configurable (``[limits]`` in nianbao.toml)."""

    #: address space of the worker process (RLIMIT_AS), MiB: resident memory stays below 1 GB
    memory_mb: int = 900
    #: CPU seconds of one document, the worker's and its helpers' (tesseract, LibreOffice)
    cpu_seconds: int = 50
    #: wall-clock seconds of one document (a helper blocked on I/O uses no CPU)
    wall_seconds: int = 120
    #: size of the file itself, MiB
    file_mb: int = 200
    #: HTML larger than this is refused; main-text extraction is skipped above html_main_text_kb
    html_mb: int = 20
    html_main_text_kb: int = 512
    #: PDF pages read (the rest are left with a warning), and pages given to OCR
    pages: int = 200
    ocr_pages: int = 30
    #: largest page, in square points (A0 is about 4.8 M pt²), and pixels rendered for OCR
    page_area_pt2: int = 20_000_000
    render_pixels: int = 16_000_000
    #: characters and ruling lines on one PDF page
    page_objects: int = 200_000
    #: cells of one table grid (rows × columns), and columns one cell may span
    table_cells: int = 1_000_000
    table_columns: int = 1000
    #: unpacked size of a DOCX/XLSX (all members), MiB, and XML elements in one part
    unzipped_mb: int = 300
    xml_elements: int = 1_000_000
    #: pixels of one scanned image (PNG, JPEG, TIFF frame)
    image_pixels: int = 120_000_000

    @classmethod
    def from_mapping(cls, values: dict[str, object]) -> ParseLimits:
        """Limits from ``{name: number}``; unknown names and non-positive numbers are errors."""
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ValueError(f"unknown limit(s): {', '.join(unknown)}")
        out: dict[str, int] = {}
        for key, value in values.items():
            if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
                raise ValueError(f"limit {key} must be a positive number, not {value!r}")
            out[key] = int(value)
        return cls(**out)

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class ParseLimitExceeded(ParseError):
    """The document is over a limit; the message starts ``too large:`` or ``too complex:``."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def too_large(what: str) -> ParseLimitExceeded:
    return ParseLimitExceeded(f"too large: {what}")


def too_complex(what: str) -> ParseLimitExceeded:
    return ParseLimitExceeded(f"too complex: {what}")


#: the limits and the CPU clock at the start of the parse (None: no clock, outside ``using``)
_CURRENT: contextvars.ContextVar[tuple[ParseLimits, float | None]] = contextvars.ContextVar(
    "parse_limits", default=(ParseLimits(), None)
)


def current() -> ParseLimits:
    """The limits of the parse under way (the defaults outside ``using``)."""
    return _CURRENT.get()[0]


def cpu_used() -> float:
    """CPU seconds of this process and the helpers it has waited for (tesseract, LibreOffice)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


@contextmanager
def using(limits: ParseLimits | None) -> Iterator[ParseLimits]:
    """Set the limits of one parse and start its CPU clock."""
    token = _CURRENT.set((limits or ParseLimits(), cpu_used()))
    try:
        yield _CURRENT.get()[0]
    finally:
        _CURRENT.reset(token)


def cpu_share() -> float:
    """The share of the document's CPU budget spent so far (0 outside ``using``)."""
    limits, start = _CURRENT.get()
    return 0.0 if start is None else (cpu_used() - start) / limits.cpu_seconds


def check_cpu(doing: str) -> None:
    """Between expensive steps (an OCR page): stop once the document's CPU budget is spent.

    RLIMIT_CPU only sees the worker itself; tesseract and LibreOffice run as
    its children, so their time is counted here, as it comes back.
    """
    limits, start = _CURRENT.get()
    if start is None:
        return
    spent = cpu_used() - start
    if spent > limits.cpu_seconds:
        raise too_complex(f"{doing} after {spent:.0f} s of CPU (limit {limits.cpu_seconds} s)")


def check_cells(rows: int, columns: int, what: str) -> None:
    """Refuse a grid of ``rows × columns`` before it is built."""
    limits = current()
    if columns > limits.table_columns:
        raise too_complex(f"{what} is {columns} columns wide (limit {limits.table_columns})")
    if rows * columns > limits.table_cells:
        raise too_complex(f"{what} has {rows} × {columns} cells (limit {limits.table_cells} cells)")
