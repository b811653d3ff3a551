"""Compare the tables a reader found with a seed's hand-checked values, row by row.

The extractor (label matching, templates) is not the readers' job, so these
checks stay simple: find the row whose label cell equals the template label,
take the cells to its right that are not repeats of a merged cell, and
compare them as numbers with the expected values.
"""

from __future__ import annotations

import difflib
import re

from parsers.document import Document, Table
from tests.parsers.builders import Seed

_NUM = re.compile(r"^[+\-−－]?\d+(?:\.\d+)?$")


def norm(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    return text.replace("(", "（").replace(")", "）").replace("．", ".").replace("、", "、")


def number(text: str) -> object:
    t = norm(text).replace("−", "-").replace("－", "-").replace(",", "")
    if not t:
        return None
    if _NUM.match(t):
        return float(t) if "." in t else int(t)
    return t


def _is_numeric_row(table: Table, i: int) -> bool:
    cells = [c for j, c in enumerate(table.rows[i]) if (i, j) not in table.spans]
    return len([c for c in cells if c]) >= 10 and all(_NUM.match(norm(c)) for c in cells if c)


def row_values(doc: Document, label: str | None, fuzzy: bool = False) -> list[str] | None:
    """Cells right of ``label`` in the first row that has it (None: the all-number row)."""
    for table in doc.tables:
        for i, row in enumerate(table.rows):
            if label is None:
                if _is_numeric_row(table, i):
                    return [c for j, c in enumerate(row) if (i, j) not in table.spans]
                continue
            idx = _label_index(row, label, fuzzy)
            if idx is not None:
                return [c for j, c in enumerate(row) if j > idx and (i, j) not in table.spans]
    return None


def _label_index(row: list[str], label: str, fuzzy: bool) -> int | None:
    want = norm(label)
    hits = [j for j, c in enumerate(row) if norm(c) == want]
    if hits:
        return hits[-1]
    if fuzzy:
        for j in range(len(row) - 1, -1, -1):
            got = norm(row[j])
            if got and number(got) is None or isinstance(number(got), str):
                ratio = difflib.SequenceMatcher(None, got, want).ratio()
                if ratio >= 0.6:
                    return j
    return None


def mismatches(doc: Document, seed: Seed, lenient: bool = False, fuzzy: bool = False) -> list[str]:
    """Every template row whose values differ from expected.json, as readable lines.

    ``lenient`` drops empty cells on both sides, for layouts (no ruling
    lines, OCR) where an empty cell leaves no trace.
    """
    cells = seed.expected["cells"]
    problems = []
    for _, builder in seed.tables:
        for label, ids in builder.checks:
            want = [cells.get(i) for i in ids]
            got = row_values(doc, label, fuzzy)
            if got is None and lenient and all(w is None for w in want):
                continue  # a row of blanks may leave no trace without ruling lines
            if got is None:
                problems.append(f"{label}: row not found")
                continue
            values = [number(c) for c in got]
            if lenient:
                want = [w for w in want if w is not None]
                values = [v for v in values if v is not None]
            if values[: len(want)] != want:
                problems.append(f"{label}: {values} != {want}")
    return problems


def total_rows(seed: Seed) -> int:
    return sum(len(b.checks) for _, b in seed.tables)
