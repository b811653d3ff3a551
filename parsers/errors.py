"""Errors a parser raises for input it cannot read as a report."""


class ParseError(Exception):
    """The file is corrupt, truncated, of an unknown type, or not a report.

    The message is one line that names the problem; the CLI prefixes the file name.
    """


class NotAReport(ParseError):
    """The file reads fine but holds no 政府信息公开工作年度报告."""
