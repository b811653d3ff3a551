"""Flatten the archive for analysis: one row per report version, one column per cell id.

Rows come from the versions' stored ``report/1`` (the same JSON the API
returns), so an export and a lookup never disagree.  Cell columns are the
union of every version's cells in a fixed order (sorted), after the fixed
identifying columns; a cell a version does not hold is empty, never 0.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.alerts_query import iso
from archive.models import Organ, Region, Report, ReportVersion

FIXED_COLUMNS = [
    "region_code",
    "region",
    "organ",
    "year",
    "template",
    "report_id",
    "version_id",
    "sha256",
    "first_seen",
    "last_seen",
]
FORMATS = ("csv", "parquet", "xlsx")


def version_rows(session: Session) -> tuple[list[str], list[dict[str, Any]]]:
    """(columns, rows): every version of every report, by region, organ, year, version."""
    query = (
        select(ReportVersion, Report, Organ, Region)
        .join(Report, ReportVersion.report_id == Report.id)
        .join(Organ, Report.organ_id == Organ.id)
        .outerjoin(Region, Organ.region_code == Region.code)
        .order_by(Organ.region_code, Organ.name, Report.year, ReportVersion.id)
    )
    rows: list[dict[str, Any]] = []
    cell_ids: set[str] = set()
    for version, report, organ, region in session.execute(query).all():
        parsed = version.parsed or {}
        cells = parsed.get("cells") or {}
        cell_ids.update(cells)
        rows.append(
            {
                "region_code": organ.region_code,
                "region": (region.full_name or region.name) if region is not None else None,
                "organ": organ.name,
                "year": report.year,
                "template": parsed.get("template"),
                "report_id": report.id,
                "version_id": version.id,
                "sha256": version.sha256,
                "first_seen": iso(version.first_seen),
                "last_seen": iso(version.last_seen),
                **cells,
            }
        )
    return FIXED_COLUMNS + sorted(cell_ids), rows


def write_csv(columns: list[str], rows: Iterable[dict[str, Any]], out: io.TextIOBase | Any) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row.get(c) is None else row.get(c) for c in columns])


def _arrow_type(values: list[Any]) -> Any:
    """int64 when every present value is a whole number, float64 for amounts, else string."""
    import pyarrow as pa

    present = [v for v in values if v is not None]
    if all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return pa.int64()
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in present):
        return pa.float64()
    return pa.string()


def write_parquet(columns: list[str], rows: list[dict[str, Any]], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    arrays, fields = [], []
    for col in columns:
        values = [row.get(col) for row in rows]
        kind = pa.string() if col in ("region_code", "sha256") else _arrow_type(values)
        if kind == pa.string():
            values = [None if v is None else str(v) for v in values]
        arrays.append(pa.array(values, type=kind))
        fields.append(pa.field(col, kind))
    pq.write_table(pa.Table.from_arrays(arrays, schema=pa.schema(fields)), path)


def write_xlsx(columns: list[str], rows: list[dict[str, Any]], path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("versions")
    sheet.append(columns)
    for row in rows:
        sheet.append([row.get(c) for c in columns])
    book.save(path)


def export(session: Session, fmt: str, out: Path | None, stdout: Any = None) -> int:
    """Write the export; CSV goes to ``stdout`` when no file is given.  Returns the row count."""
    columns, rows = version_rows(session)
    if fmt == "csv":
        if out is None:
            write_csv(columns, rows, stdout)
        else:
            with out.open("w", encoding="utf-8-sig", newline="") as fh:
                write_csv(columns, rows, fh)
    elif fmt == "parquet":
        assert out is not None
        write_parquet(columns, rows, out)
    elif fmt == "xlsx":
        assert out is not None
        write_xlsx(columns, rows, out)
    else:
        raise ValueError(f"unknown export format {fmt!r}")
    return len(rows)
