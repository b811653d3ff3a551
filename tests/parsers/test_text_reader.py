"""The plain-text reader: tab rows, Markdown rows, page breaks, encodings."""

from __future__ import annotations

import pytest

from parsers import parse_bytes
from parsers.document import Table
from parsers.errors import ParseError
from parsers.readers.text import read


def test_tab_rows_blank_lines_and_page_breaks() -> None:
    doc = read("标题\n\na\t1\n\nb\t2\n\fc\t3\n正文".encode())
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    assert [t.rows for t in tables] == [[["a", "1"], ["b", "2"]], [["c", "3"]]]
    assert doc.blocks[0] == "标题" and doc.blocks[-1] == "正文"


def test_markdown_rows() -> None:
    doc = read("| 信息内容 | 本年新制作数量 |\n|---|---|\n| 规章 | 4 |\n".encode())
    assert doc.tables[0].rows == [["信息内容", "本年新制作数量"], ["规章", "4"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16"])
def test_encodings(encoding: str) -> None:
    doc = read("规章\t4\r\n".encode(encoding))
    assert doc.tables[0].rows == [["规章", "4"]]


def test_binary_is_a_parse_error() -> None:
    with pytest.raises(ParseError):
        parse_bytes(b"\x00\x01\x02PK\x03\x04" * 10)


def test_markdown_report_end_to_end() -> None:
    lines = [
        "XX县人民政府2021年政府信息公开工作年度报告",
        "二、主动公开政府信息情况",
        "| 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |",
        "|---|---|---|---|",
        "| 规章 | 1 | 0 | 5 |",
        "| 行政规范性文件 | 4 | 1 | 20 |",
        "| 行政许可 | 300 | | |",
    ]
    report = parse_bytes("\n".join(lines).encode())
    assert report["template"] == "2021"
    assert report["cells"]["proactive.normative.in_force"] == 20
    assert report["cells"]["proactive.licensing.decisions"] == 300
