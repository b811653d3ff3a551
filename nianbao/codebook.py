"""The export's codebook: every cell id of both templates in the form's own words.

Names come from ``parsers.forms`` (which owns them for the pages, diffs and alerts
too); this module only lays them out as a table beside the export.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nianbao.tables import write_table

COLUMNS = ["cell", "template", "table", "row", "column", "unit"]
TEMPLATES = ("2019", "2021")


def codebook_rows() -> list[dict[str, Any]]:
    """One row per (cell id, template), in the order each form prints its cells."""
    from parsers.forms import codebook

    return [
        {"cell": n.cell, "template": t, "table": n.table, "row": n.row, "column": n.column,
         "unit": n.unit}
        for t in TEMPLATES
        for n in codebook(t)
    ]  # fmt: skip


def write_codebook(path: Path, fmt: str) -> int:
    rows = codebook_rows()
    write_table(COLUMNS, rows, path, fmt, sheet="codebook", types=dict.fromkeys(COLUMNS, "string"))
    return len(rows)
