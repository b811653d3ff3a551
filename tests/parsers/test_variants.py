"""Layouts the seeds do not show, in every format: the cells still come out right.

Each variant (other wordings, 二/三/四 in one table, the requests table cut
in two, blank cells) is built as an HTML page (a grid in two kinds of markup, and every cell
pasted as its own paragraph),
a DOCX, a LibreOffice PDF (ruled) and a reportlab PDF (no ruling lines),
for one report of each template, and parsed end to end.
"""

from __future__ import annotations

import pytest

from parsers.pipeline import parse_document_bytes
from tests.parsers.builders import build_docx, build_html, libreoffice_convert
from tests.parsers.builders_pdf import build_reportlab_pdf
from tests.parsers.builders_variant_shapes import (
    flat_header,
    merge_blanks,
    one_table,
    proactive_apart,
    review_rows,
    split,
)
from tests.parsers.builders_variants import (
    fullwidth,
    html_cells_as_lines,
    html_table_th,
    slash_blanks,
    variant,
    wording,
)
from tests.parsers.conftest import HAVE_LO
from tests.parsers.variants import changed, with_blanks

SEEDS = {"2019": "001_b6ebaffc46ffe707", "2021": "004_b6b282f6157a8fb9"}
STEPS = {
    "wording": [wording],
    "one_table": [one_table],
    "split_repeat": [split(True)],
    "split_plain": [split(False)],
    "blanks": [],
    "blanks_one_table": [one_table],
    "blanks_merged": [merge_blanks],
    "blanks_slash": [slash_blanks],
    "proactive_apart": [proactive_apart],
    "flat_header": [flat_header],
    "fullwidth": [fullwidth],
    "review_rows": [review_rows],
    "blanks_review_rows": [review_rows],
    "wording_split": [wording, split(False)],
}
FORMATS = ["html", "html_th", "html_lines", "docx", "pdf_libreoffice", "pdf_reportlab"]
CASES = [f"{kind}-{t}" for kind in STEPS for t in SEEDS]


@pytest.fixture(scope="session")
def variants(seeds):
    out = {}
    for case in CASES:
        kind, template = case.rsplit("-", 1)
        seed = seeds[SEEDS[template]]
        if kind.startswith("blanks"):
            seed = with_blanks(seed)
        out[case] = variant(seed, case, *STEPS[kind])
    return out


@pytest.fixture(scope="session")
def variant_files(variants):
    files = {
        "html": {c: build_html(v) for c, v in variants.items()},
        "html_th": {c: build_html(v, table=html_table_th) for c, v in variants.items()},
        "html_lines": {c: build_html(v, table=html_cells_as_lines) for c, v in variants.items()},
        "docx": {c: build_docx(v) for c, v in variants.items()},
        "pdf_reportlab": {c: build_reportlab_pdf(v) for c, v in variants.items()},
    }
    if HAVE_LO:
        pdfs = libreoffice_convert({f"{c}.docx": d for c, d in files["docx"].items()}, "pdf")
        files["pdf_libreoffice"] = {n.removesuffix(".docx"): d for n, d in pdfs.items()}
    return files


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("case", CASES)
def test_variant_cells(case, fmt, variants, variant_files):
    if fmt not in variant_files:
        pytest.skip("LibreOffice (soffice) is not installed")
    if case.startswith("blanks_merged") and fmt == "html_lines":
        pytest.skip("a merged blank pasted as one paragraph keeps no trace of its width")
    expected = variants[case].expected
    report = parse_document_bytes(variant_files[fmt][case], f"{case}.{fmt.split('_')[0]}")
    assert report["template"] == expected["template"]
    assert changed(expected, report["cells"]) == {}
