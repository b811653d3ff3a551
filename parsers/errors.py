"""Errors a parser raises for input it cannot read as a report, and the library errors
that mean a damaged file rather than a parser bug."""

import zipfile
import zlib

#: what opening or reading a damaged ZIP (DOCX, XLSX) raises: ``BadZipFile``; a header
#: asking for a ZIP version or compression method ``zipfile`` does not implement
#: (``NotImplementedError``: one flipped byte in the central directory does it); a broken
#: deflate stream (``zlib.error``); a cut member (``EOFError``); a bad offset (``ValueError``)
ZIP_ERRORS = (zipfile.BadZipFile, NotImplementedError, zlib.error, EOFError, ValueError)


class ParseError(Exception):
    """The file is corrupt, truncated, of an unknown type, or not a report.

    The message is one line that names the problem; the CLI prefixes the file name.
    """


class NotAReport(ParseError):
    """The file reads fine but holds no 政府信息公开工作年度报告."""
