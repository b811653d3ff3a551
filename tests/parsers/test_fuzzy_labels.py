"""Row labels with publisher typos are read by likeness, never into a wrong row."""

from __future__ import annotations

import pytest

from parsers.document import Table
from parsers.labels import similarity
from parsers.pipeline import parse_document
from tests.parsers.layouts import (
    as_document,
    one_cell_per_line,
    pdf_lines,
    report_blocks,
    sample_values,
)

LAYOUTS = {"grid": lambda b: b, "lines": pdf_lines, "one_cell_per_line": one_cell_per_line}


def _relabel(blocks: list, old: str, new: str) -> None:
    for b in blocks:
        if isinstance(b, Table):
            for row in b.rows:
                row[:] = [new if c.endswith(old) else c for c in row]


def _fuzzy(report: dict) -> set[str]:
    return {c for f in report["flags"] if f["code"] == "fuzzy_label" for c in f["cells"]}


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize(
    ("key", "old", "typo"),
    [
        ("withheld.2", "其他法律行政法规禁止公开", "2.其他法律行政止公开"),
        ("total", "（七）总计", "（七）总汁"),
        ("not_processed.3", "要求提供公开出版物", "3.要求提供公开出版"),
    ],
)
def test_typo_label_is_read_and_flagged(layout: str, key: str, old: str, typo: str) -> None:
    vals = sample_values("2021")
    blocks = report_blocks("2021", vals, 2021)
    _relabel(blocks, old, typo)
    report = parse_document(as_document(LAYOUTS[layout](blocks)))
    cells = report["cells"]
    for col in ("natural_person", "other_org", "total"):
        assert cells[f"requests.{key}.{col}"] == vals[f"requests.{key}.{col}"]
    assert f"requests.{key}.total" in _fuzzy(report)
    wrong = {k: (cells[k], v) for k, v in vals.items() if cells.get(k) != v}
    assert wrong == {}


def test_a_typo_row_out_of_place_stays_null() -> None:
    """Where the row stands must fit too: 2.其他法律… after 8. is not withheld.2."""
    vals = sample_values("2021")
    blocks = report_blocks("2021", vals, 2021, skip=("withheld.2",))
    table: Table = blocks[6]
    at = next(i for i, r in enumerate(table.rows) if r[2].endswith("属于行政查询事项")) + 1
    table.rows.insert(at, ["", "", "2.其他法律行政止公开", *"1234567"])
    table.spans = {(r + (r >= at), c) for r, c in table.spans}
    report = parse_document(as_document(blocks))
    assert report["cells"]["requests.withheld.2.total"] is None
    assert not _fuzzy(report)


def test_a_label_like_two_rows_is_not_placed() -> None:
    vals = sample_values("2021")
    blocks = report_blocks("2021", vals, 2021, skip=("withheld.7", "withheld.8"))
    table: Table = blocks[6]
    at = next(i for i, r in enumerate(table.rows) if r[2].endswith("本机关不掌握相关政府信息"))
    # as like 7.属于行政执法案卷 as 8.属于行政查询事项
    table.rows.insert(at, ["", "", "属于行政执法查询", *"1234567"])
    table.spans = {(r + (r >= at), c) for r, c in table.spans}
    report = parse_document(as_document(blocks))
    assert report["cells"]["requests.withheld.7.total"] is None
    assert report["cells"]["requests.withheld.8.total"] is None
    assert not _fuzzy(report)


def test_similarity() -> None:
    assert similarity("2.其他法律行政止公开", "2.其他法律行政法规禁止公开") > 0.8
    assert similarity("2.其他法律行政止公开", "1.属于国家秘密") < 0.4


@pytest.mark.parametrize("layout", ["lines", "one_cell_per_line"])
def test_group_label_characters_interleaved_in_text(layout: str) -> None:
    """A text layer that mixed the tall group label into the row labels beside it."""
    vals = sample_values("2021")
    blocks = report_blocks("2021", vals, 2021)
    _relabel(blocks, "（一）予以公开", "（一）予三、以公开")
    _relabel(blocks, "3．其他", "3．其结他")
    _relabel(blocks, "（七）总计", "果（七）总计")
    report = parse_document(as_document(LAYOUTS[layout](blocks)))
    cells = report["cells"]
    for key in ("granted", "other.3", "total"):
        assert cells[f"requests.{key}.total"] == vals[f"requests.{key}.total"], key
    wrong = {k: (cells[k], v) for k, v in vals.items() if cells.get(k) != v}
    assert wrong == {}
