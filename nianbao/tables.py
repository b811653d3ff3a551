"""Writing a table of rows as CSV, Parquet or XLSX with the types an analyst expects.

Shared by the export and its codebook.  Types are declared where a guess from the
values would be wrong (codes that look like numbers, timestamps, flags) and guessed
otherwise: whole numbers → int64, amounts → float64, anything else → text.
Timestamps are UTC: ISO 8601 with ``Z`` in CSV, ``timestamp[us, UTC]`` in Parquet,
and naive UTC date-times in XLSX (Excel has no time zones).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

FORMATS = ("csv", "parquet", "xlsx")


def csv_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat().replace("+00:00", "Z")
    return value


def write_csv(columns: list[str], rows: Iterable[dict[str, Any]], out: Any) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([csv_value(row.get(c)) for c in columns])


def _guess(values: list[Any]) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, bool) for v in present):
        return "bool"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "int"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return "float"
    if present and all(isinstance(v, datetime) for v in present):
        return "timestamp"
    return "string"


def _arrow(kind: str) -> Any:
    import pyarrow as pa

    return {
        "bool": pa.bool_(),
        "int": pa.int64(),
        "float": pa.float64(),
        "timestamp": pa.timestamp("us", tz="UTC"),
        "string": pa.string(),
    }[kind]


def write_parquet(
    columns: list[str], rows: list[dict[str, Any]], path: Path, types: dict[str, str]
) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays, fields = [], []
    for col in columns:
        values = [row.get(col) for row in rows]
        kind = types.get(col) or _guess(values)
        if kind == "string":
            values = [None if v is None else str(v) for v in values]
        elif kind == "float":
            values = [None if v is None else float(v) for v in values]
        arrays.append(pa.array(values, type=_arrow(kind)))
        fields.append(pa.field(col, _arrow(kind)))
    pq.write_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), path)


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None)
    return value


def write_xlsx(columns: list[str], rows: list[dict[str, Any]], path: Path, sheet: str) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    ws.append(columns)
    for row in rows:
        ws.append([_xlsx_value(row.get(c)) for c in columns])
    book.save(path)


def write_table(
    columns: list[str],
    rows: list[dict[str, Any]],
    path: Path,
    fmt: str,
    sheet: str,
    types: dict[str, str] | None = None,
) -> None:
    """Write ``rows`` to ``path`` as ``fmt`` (CSV files get a BOM so Excel reads UTF-8)."""
    if fmt == "csv":
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            write_csv(columns, rows, fh)
    elif fmt == "parquet":
        write_parquet(columns, rows, path, types or {})
    elif fmt == "xlsx":
        write_xlsx(columns, rows, path, sheet)
    else:
        raise ValueError(f"unknown table format {fmt!r}")
