"""Broken bytes give a Document or one ParseError line, never another exception."""

from __future__ import annotations

import random

import pytest

from parsers import ParseError
from parsers.document import Document
from parsers.readers import read_document


def _damaged(data: bytes, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    out = [data[: int(len(data) * f)] for f in (0.1, 0.5, 0.9, 0.99)]
    for _ in range(3):
        flipped = bytearray(data)
        for _ in range(20):
            i = rng.randrange(len(flipped))
            flipped[i] = rng.randrange(256)
        out.append(bytes(flipped))
    return out


@pytest.mark.parametrize("fmt", ["html", "docx", "pdf"])
def test_damaged_files(fmt, html_files, docx_files, rl_pdfs):
    files = {"html": html_files, "docx": docx_files, "pdf": rl_pdfs}[fmt]
    data = files["003_402b3c2303c427b2"]
    for k, broken in enumerate(_damaged(data, seed=len(data))):
        try:
            doc = read_document(broken)
        except ParseError as exc:
            assert "\n" not in str(exc), (k, str(exc))
            continue
        assert isinstance(doc, Document)
