"""Every format of a seed gives the cells of its expected.json.

The extraction of cells from a ``Document`` lands separately; until it does,
``parse_document_bytes`` raises ``NotAReport('template extraction is not
written yet')`` and these tests skip with that reason.  They go live on
their own once the extractor is merged.  The single-page scan is left out:
it holds only part of a report.
"""

from __future__ import annotations

import pytest

from parsers import NotAReport
from parsers.pipeline import parse_document_bytes
from tests.parsers.conftest import seed_ids

FORMATS = ["html", "docx", "pdf_libreoffice", "pdf_reportlab"]


def _parse(data: bytes, filename: str) -> dict:
    try:
        return parse_document_bytes(data, filename)
    except NotAReport as exc:
        if "not written yet" in str(exc):
            pytest.skip(f"cell extraction is not merged yet: {exc}")
        raise


@pytest.fixture(scope="session")
def files(html_files, docx_files, rl_pdfs, lo_pdfs):
    return {
        "html": html_files,
        "docx": docx_files,
        "pdf_libreoffice": lo_pdfs,
        "pdf_reportlab": rl_pdfs,
    }


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", seed_ids())
def test_cells_match_expected(name, fmt, seeds, files):
    expected = seeds[name].expected
    report = _parse(files[fmt][name], f"{name}.{fmt}")
    assert report["template"] == expected["template"]
    assert report["year"] == expected["year"]
    wrong = {
        key: (report["cells"].get(key), value)
        for key, value in expected["cells"].items()
        if report["cells"].get(key) != value
    }
    assert wrong == {}


def test_doc_cells_match_expected(seeds, doc_file):
    name, data = doc_file
    report = _parse(data, f"{name}.doc")
    assert report["cells"] == seeds[name].expected["cells"]
