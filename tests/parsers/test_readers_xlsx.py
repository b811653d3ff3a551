"""Workbooks: XLSX read directly, XLS through LibreOffice."""

from __future__ import annotations

import glob

import pytest

from parsers import ParseError
from parsers.readers import read_document
from tests.parsers.builders import libreoffice_convert
from tests.parsers.builders_xlsx import build_xlsx
from tests.parsers.checks import mismatches
from tests.parsers.conftest import needs_lo, seed_ids

HAVE_CALC = bool(glob.glob("/usr/lib*/libreoffice/program/libsclo.so"))


@pytest.mark.parametrize("name", seed_ids())
def test_xlsx(name, seeds):
    doc = read_document(build_xlsx(seeds[name]))
    assert doc.source_format == "xlsx"
    assert mismatches(doc, seeds[name]) == []
    requests = doc.tables[1]
    assert requests.rows[0][3:] == ["申请人情况"] * 7 and (0, 4) in requests.spans


@needs_lo
@pytest.mark.skipif(not HAVE_CALC, reason="LibreOffice Calc is not installed")
def test_xls_through_libreoffice(seeds):
    seed = seeds["004_b6b282f6157a8fb9"]
    xls = libreoffice_convert({"r.xlsx": build_xlsx(seed)}, "xls:MS Excel 97")["r.xlsx"]
    doc = read_document(xls)
    assert doc.source_format == "xls"
    assert mismatches(doc, seed) == []


def test_xls_without_calc(monkeypatch):
    from parsers.readers import legacy

    monkeypatch.setattr(legacy.shutil, "which", lambda cmd: None)
    xls = bytes(_ole_xls())
    with pytest.raises(ParseError, match="XLS needs LibreOffice Calc"):
        read_document(xls)


def _ole_xls() -> bytes:
    from tests.parsers.ole import ole_container

    return ole_container("Workbook".encode("utf-16-le"))
