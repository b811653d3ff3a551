"""Archived bytes are freed of their content codings under a bound: a kept bomb never inflates."""

from __future__ import annotations

import gzip
import zlib

import brotli
import pytest

from ingest.codings import decoded_body

PAGE = "海林市2020年政府信息公开工作年度报告".encode() * 100


@pytest.mark.parametrize(
    ("coding", "encode"),
    [("gzip", gzip.compress), ("deflate", zlib.compress), ("br", brotli.compress)],
)
def test_codings_are_undone_and_bombs_refused(coding: str, encode: object) -> None:
    headers = [["Content-Encoding", coding]]
    assert decoded_body(encode(PAGE), headers) == PAGE  # type: ignore[operator]
    bomb = encode(b"\0" * (8 << 20))  # type: ignore[operator]
    with pytest.raises(ValueError, match="too large"):
        decoded_body(bomb, headers, max_bytes=1 << 20)


def test_stacked_codings_are_undone_in_reverse_order() -> None:
    raw = brotli.compress(gzip.compress(PAGE))
    assert decoded_body(raw, [["Content-Encoding", "gzip, br"]]) == PAGE
