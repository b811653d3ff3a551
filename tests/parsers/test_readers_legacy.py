"""DOC/WPS through LibreOffice, and antiword when LibreOffice is not there."""

from __future__ import annotations

import shutil

import pytest

from parsers import ParseError
from parsers.readers import legacy, read_document
from tests.parsers.checks import mismatches, row_values
from tests.parsers.conftest import needs_lo


@needs_lo
def test_doc_through_libreoffice(seeds, doc_file):
    name, data = doc_file
    doc = read_document(data)
    assert doc.source_format == "doc"
    assert mismatches(doc, seeds[name]) == []


@pytest.mark.skipif(not shutil.which("antiword"), reason="antiword is not installed")
def test_doc_through_antiword(monkeypatch, doc_file):
    _, data = doc_file
    real_which = shutil.which
    monkeypatch.setattr(
        legacy.shutil,
        "which",
        lambda cmd: None if cmd in ("soffice", "libreoffice") else real_which(cmd),
    )
    doc = read_document(data)
    assert any("antiword" in w for w in doc.warnings)
    assert row_values(doc, "行政许可") == ["69", "-20", "49"]
    assert "二、主动公开政府信息情况" in doc.blocks


def test_no_converter(monkeypatch, doc_file):
    _, data = doc_file
    monkeypatch.setattr(legacy.shutil, "which", lambda cmd: None)
    with pytest.raises(ParseError, match="needs LibreOffice or antiword"):
        read_document(data)


def test_antiword_text_layout():
    text = "二、主动公开政府信息情况\n\n|信息内容  |本年新制作数量  |\n|规章  |4  |\n正文。\n"
    doc = legacy.from_antiword_text(text)
    assert doc.blocks[0] == "二、主动公开政府信息情况"
    assert doc.tables[0].rows == [["信息内容", "本年新制作数量"], ["规章", "4"]]
    assert doc.blocks[-1] == "正文。"
