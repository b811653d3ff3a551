"""PDF tables whose group label 三、本年度办理结果 is written top to bottom.

Three ways of writing it (one character per line, a vertical CJK font, a
line turned by 90°), in ruled tables, in a table whose rule between the
label and the row labels is missing (so pdfplumber sees one tall cell
holding both), and without any rules.  Every value is distinct, so a row
read into its neighbour is noticed.
"""

from __future__ import annotations

import pytest

from parsers import parse_bytes
from parsers.readers import read_document
from parsers.readers.pdf_objects import open_pdf, read_page
from parsers.readers.pdf_vertical import split_cell, vertical_runs
from tests.parsers.builders import Seed
from tests.parsers.builders_vertical import GROUP, MODES, build_vertical_pdf
from tests.parsers.layouts import sample_values

YEARS = {"2019": 2020, "2021": 2021}


def _seed(template: str) -> Seed:
    year = YEARS[template]
    expected = {"cells": sample_values(template), "template": template, "year": year}
    title = f"XX县人民政府{year}年政府信息公开工作年度报告"
    intro = ["一、总体情况", "本县认真贯彻落实《中华人民共和国政府信息公开条例》。"]
    return Seed(f"vertical{template}", expected, title, intro, ["五、存在的主要问题及改进情况"])


def _wrong(pdf: bytes, seed: Seed) -> dict:
    report = parse_bytes(pdf, "report.pdf")
    cells = report["cells"]
    return {k: (cells.get(k), v) for k, v in seed.expected["cells"].items() if cells.get(k) != v}


@pytest.mark.parametrize("template", ["2019", "2021"])
@pytest.mark.parametrize("mode", MODES)
def test_label_sharing_a_cell_with_the_row_labels(template: str, mode: str) -> None:
    seed = _seed(template)
    pdf = build_vertical_pdf(seed, mode, ruled="open", tight=True)
    assert _wrong(pdf, seed) == {}
    doc = read_document(pdf)
    labels = [c for t in doc.tables for row in t.rows for c in row]
    assert GROUP in labels and "（七）总计" in labels and "（一）予以公开" in labels


@pytest.mark.parametrize(
    ("mode", "ruled", "spread"),
    [("stacked", "open", 330), ("vfont", True, 0), ("rotated", True, 0), ("stacked", False, 330)],
)
def test_other_vertical_layouts(mode: str, ruled: bool | str, spread: float) -> None:
    seed = _seed("2021")
    pdf = build_vertical_pdf(seed, mode, ruled=ruled, tight=True, spread=spread)
    assert _wrong(pdf, seed) == {}


def test_runs_are_stacked_characters_only() -> None:
    """The vertical label is one run; lines of text, wrapped labels and value
    columns are none."""
    pdf = build_vertical_pdf(_seed("2021"), "stacked", ruled=True)
    doc = open_pdf(pdf)
    try:
        runs = [run for n in range(len(doc)) for run in vertical_runs(read_page(doc, n).chars)]
    finally:
        doc.close()
    assert ["".join(c["text"] for c in run) for run in runs] == [GROUP]


def _chars(lines: list[tuple[str, float]], x0: float = 90.0, size: float = 8.0) -> list[dict]:
    out = []
    for text, top in lines:
        for i, ch in enumerate(text):
            x = x0 + i * size
            out.append({"text": ch, "x0": x, "x1": x + size, "top": top, "bottom": top + size})
            out[-1].update(size=size, upright=True)
    return out


def test_tall_cell_continued_on_the_next_page_is_split_by_row() -> None:
    """On the page after the break the tall cell holds no label characters,
    only the last row labels (请 is the tail of a label the break cut)."""
    bands = [(72.0, 100.0), (100.0, 120.0), (120.0, 140.0)]
    chars = _chars([("请", 75.0), ("3.其他", 105.0), ("（七）总计", 125.0)])
    split = split_cell((85.0, 72.0, 214.0, 140.0), bands, chars, [])
    assert split is not None and split[1:] == ("", ["请", "3.其他", "（七）总计"])


def test_a_wrapped_group_label_alone_is_not_split() -> None:
    bands = [(72.0, 100.0), (100.0, 120.0), (120.0, 140.0)]
    chars = _chars([("（四）", 80.0), ("无法提", 105.0), ("供", 125.0)])
    assert split_cell((85.0, 72.0, 214.0, 140.0), bands, chars, []) is None
