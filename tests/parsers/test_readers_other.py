"""Files served as .doc that are not Word binaries: RTF and MHT ("single file web page")."""

from __future__ import annotations

import quopri

import pytest

from parsers.readers import read_document
from tests.parsers.checks import mismatches, row_values
from tests.parsers.conftest import needs_lo


def _rtf_text(text: str) -> str:
    return "".join(
        c if ord(c) < 128 else f"\\u{ord(c) if ord(c) < 32768 else ord(c) - 65536}?" for c in text
    )


@needs_lo
def test_rtf_through_libreoffice():
    rows = [
        ["信息内容", "本年新制作数量", "本年新公开数量"],
        ["规章", "4", "3"],
        ["规范性文件", "10", "9"],
    ]
    body = "".join(
        "\\trowd\\cellx3000\\cellx5000\\cellx7000 "
        + "".join(f"\\pard\\intbl {_rtf_text(c)}\\cell " for c in row)
        + "\\row "
        for row in rows
    )
    rtf = "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 SimSun;}}\\pard " + _rtf_text(
        "二、主动公开政府信息情况"
    )
    rtf += "\\par " + body + "\\pard\\par}"
    doc = read_document(rtf.encode("ascii"), "report.doc")
    assert doc.source_format == "rtf"
    assert row_values(doc, "规章") == ["4", "3"]
    assert "二、主动公开政府信息情况" in doc.blocks


@pytest.mark.parametrize("charset", ["utf-8", "gb2312"])
def test_mht(seeds, charset):
    seed = seeds["001_b6ebaffc46ffe707"]
    from tests.parsers.builders import build_html

    page = build_html(seed, encoding=charset, declare=False)
    mht = (
        b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart"\r\n\r\n'
        b'------=_NextPart\r\nContent-Type: text/html; charset="' + charset.encode() + b'"\r\n'
        b"Content-Transfer-Encoding: quoted-printable\r\n\r\n"
        + quopri.encodestring(page)
        + b"\r\n------=_NextPart--\r\n"
    )
    doc = read_document(mht, "report.doc")
    assert doc.source_format == "mht"
    assert mismatches(doc, seed) == []
