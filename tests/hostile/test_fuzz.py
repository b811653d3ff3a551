"""Fuzzing the HTML, PDF and DOCX readers: any input gives a report or one ParseError.

Hypothesis builds structured inputs (tag soup with wild spans, DOCX tables
with wild grid attributes, mutated PDFs) and each goes through
``parse_isolated``, the worker the crawl uses, with tight limits.  A parser
bug comes out as ``WorkerCrashed`` and fails the test with the child's
traceback.  The run is short and bounded for CI (``NIANBAO_FUZZ_EXAMPLES``,
default 25 per reader); raise it locally for a longer campaign.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import ParseError
from parsers.limits import ParseLimits
from parsers.sandbox import parse_isolated
from tests.hostile import generators_office as office
from tests.hostile import generators_pdf as pdf

EXAMPLES = int(os.environ.get("NIANBAO_FUZZ_EXAMPLES", "25"))
LIMITS = ParseLimits(cpu_seconds=10, wall_seconds=20, table_cells=200_000)
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
WORDS = st.sampled_from(
    ["行政许可", "12", "-3", "总体情况", "2020年", "政府信息公开", "", " ", "&amp;"]
)
SPANS = st.one_of(st.integers(-3, 12), st.integers(0, 10**9)).map(str) | st.sampled_from(
    ["", "x", "2a"]
)


def _check(data: bytes) -> None:
    try:
        report = parse_isolated(data, "fuzz", LIMITS)
    except ParseError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    assert report["schema"] == "report/1"


def _html_node(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    tags = st.sampled_from(["table", "tr", "td", "th", "div", "p", "span", "tbody", "nav", "br"])
    attrs = st.lists(
        st.tuples(st.sampled_from(["rowspan", "colspan", "class", "id"]), SPANS), max_size=3
    )
    return st.builds(
        lambda tag, at, kids: (
            f"<{tag} {' '.join(f'{k}={v!r}' for k, v in at)}>{''.join(kids)}</{tag}>"
        ),
        tags,
        attrs,
        st.lists(children, max_size=6),
    )


@FUZZ
@given(st.recursive(WORDS, _html_node, max_leaves=60))
def test_fuzz_html(soup: str) -> None:
    _check(
        f"<html><head><title>2020年政府信息公开工作年度报告</title></head><body>{soup}</body></html>".encode()
    )


_CELL = st.builds(
    lambda span, vmerge, text: (
        "<w:tc><w:tcPr>"
        + (f'<w:gridSpan w:val="{span}"/>' if span is not None else "")
        + (f'<w:vMerge w:val="{vmerge}"/>' if vmerge else "")
        + f"</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"
    ),
    st.none() | SPANS,
    st.sampled_from(["", "restart", "continue"]),
    WORDS,
)
_ROW = st.builds(
    lambda before, cells: (
        "<w:tr>"
        + (f'<w:trPr><w:gridBefore w:val="{before}"/></w:trPr>' if before is not None else "")
        + "".join(cells)
        + "</w:tr>"
    ),
    st.none() | SPANS,
    st.lists(_CELL, max_size=6),
)
_BLOCK = st.one_of(
    WORDS.map(lambda t: f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>"),
    st.lists(_ROW, max_size=8).map(lambda rows: f"<w:tbl>{''.join(rows)}</w:tbl>"),
    WORDS.map(
        lambda t: (
            f"<w:sdt><w:sdtContent><w:p><w:r><w:t>{t}</w:t></w:r></w:p></w:sdtContent></w:sdt>"
        )
    ),
)


@FUZZ
@given(
    st.lists(_BLOCK, max_size=10),
    st.lists(st.tuples(st.integers(0, 4000), st.integers(0, 255)), max_size=4),
)
def test_fuzz_docx(blocks: list[str], flips: list[tuple[int, int]]) -> None:
    data = bytearray(office.docx("".join(blocks)))
    for pos, byte in flips:  # a few damaged bytes in the package, too
        data[pos % len(data)] = byte
    _check(bytes(data))


_PDF_OPS = st.lists(
    st.one_of(
        st.builds(lambda x, y, w, h: f"{x} {y} {w} {h} re S", *(st.integers(-100, 20000),) * 4),
        st.builds(
            lambda x, y, t: f"BT /F1 12 Tf {x} {y} Td ({t}) Tj ET",
            st.integers(0, 600),
            st.integers(0, 800),
            st.sampled_from(["12", "report", "-3"]),
        ),
        st.sampled_from(["q 2 0 0 2 0 0 cm", "Q", "10 w", "0 0 m 500 500 l S", "BI ID EI"]),
    ),
    max_size=30,
)


@FUZZ
@given(
    st.lists(
        st.tuples(st.integers(1, 3000), st.integers(1, 3000), _PDF_OPS), min_size=1, max_size=4
    ),
    st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=6),
)
def test_fuzz_pdf(pages: list[tuple[int, int, list[str]]], flips: list[tuple[int, int]]) -> None:
    data = bytearray(pdf.raw_pdf([(w, h, "\n".join(ops).encode()) for w, h, ops in pages]))
    for pos, byte in flips:
        data[pos % (len(data) - 8)] = byte  # keep the %%EOF: damage the body, not the end
    _check(bytes(data))
