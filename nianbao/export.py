"""Flatten the archive for analysis: every report version, in a wide or a long shape.

Rows come from the versions' stored ``report/1`` (the same JSON the API
returns), so an export and a lookup never disagree.  The wide shape has one
row per report version and one column per cell id (the union of every
version's cells, sorted, after the identifying columns); the long shape has
one row per report, version and cell, so that one table across all regions
and years is one filter on ``cell``.  A cell a version does not hold is
empty, never 0.  Cell names live in the codebook (``nianbao.codebook``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from archive.models import Capture, Organ, Region, Report, ReportVersion
from nianbao.tables import FORMATS, write_csv, write_table

__all__ = ["FORMATS", "Filters", "export", "version_rows"]

#: the region levels named in their own column, from the top
LEVELS = ("province", "prefecture", "county", "township")
FIXED_COLUMNS = [
    "region_code",
    "region",
    *LEVELS,
    "organ",
    "year",
    "template",
    "report_id",
    "status",
    "status_zh",
    "version_id",
    "version",
    "latest",
    "source_url",
    "sha256",
    "first_seen",
    "last_seen",
]
LONG_COLUMNS = [*FIXED_COLUMNS, "cell", "value"]
#: the types of the identifying columns (never guessed: a column may be all empty)
TYPES = {
    **dict.fromkeys(["region_code", "region", *LEVELS, "organ", "template"], "string"),
    **dict.fromkeys(["status", "status_zh", "source_url", "sha256", "cell"], "string"),
    **dict.fromkeys(["year", "report_id", "version_id", "version"], "int"),
    "latest": "bool",
    "first_seen": "timestamp",
    "last_seen": "timestamp",
    "value": "float",
}


@dataclass(frozen=True)
class Filters:
    """Which versions to export: only each report's newest, one region and below, one year."""

    latest: bool = False
    region_codes: tuple[str, ...] | None = None
    year: int | None = None


def _utc(moment: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes that were stored as UTC."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _levels(session: Session) -> dict[str, dict[str, str | None]]:
    """Region code → the names of it and the regions above it, by level."""
    regions = {r.code: r for r in session.scalars(select(Region))}
    out: dict[str, dict[str, str | None]] = {}
    for code in regions:
        names: dict[str, str | None] = dict.fromkeys(LEVELS)
        seen, current = set(), regions.get(code)
        while current is not None and current.code not in seen:
            seen.add(current.code)
            if current.level in names and names[current.level] is None:
                names[current.level] = current.name
            current = regions.get(current.parent_code) if current.parent_code else None
        out[code] = names | {"region": regions[code].full_name or regions[code].name}
    return out


def _status_words() -> dict[str, str]:
    from nianbao.web.labels import STATUS

    return STATUS


def version_rows(
    session: Session, filters: Filters = Filters()
) -> tuple[list[str], list[dict[str, Any]]]:
    """(columns, rows) of the wide shape: versions by region, organ, year, version."""
    query = (
        select(ReportVersion, Report, Organ, Capture.url)
        .join(Report, ReportVersion.report_id == Report.id)
        .join(Organ, Report.organ_id == Organ.id)
        .outerjoin(Capture, ReportVersion.capture_id == Capture.id)
        .order_by(Organ.region_code, Organ.name, Report.year, Report.id, ReportVersion.id)
    )
    if filters.year is not None:
        query = query.where(Report.year == filters.year)
    if filters.region_codes is not None:
        query = query.where(Organ.region_code.in_(filters.region_codes))
    found = session.execute(query).all()
    levels = _levels(session)
    status_zh = _status_words()
    count: dict[int, int] = {}
    for _, report, _, _ in found:
        count[report.id] = count.get(report.id, 0) + 1
    rows: list[dict[str, Any]] = []
    cell_ids: set[str] = set()
    number: dict[int, int] = {}
    for version, report, organ, url in found:
        number[report.id] = number.get(report.id, 0) + 1
        latest = number[report.id] == count[report.id]
        if filters.latest and not latest:
            continue
        parsed = version.parsed or {}
        cells = parsed.get("cells") or {}
        cell_ids.update(cells)
        names = levels.get(organ.region_code or "", {})
        rows.append(
            {
                "region_code": organ.region_code,
                "region": names.get("region"),
                **{level: names.get(level) for level in LEVELS},
                "organ": organ.name,
                "year": report.year,
                "template": parsed.get("template"),
                "report_id": report.id,
                "status": report.status,
                "status_zh": status_zh.get(report.status, report.status),
                "version_id": version.id,
                "version": number[report.id],
                "latest": latest,
                "source_url": url,
                "sha256": version.sha256,
                "first_seen": _utc(version.first_seen),
                "last_seen": _utc(version.last_seen),
                "cells": cells,
            }
        )
    return FIXED_COLUMNS + in_form_order(cell_ids), rows


def in_form_order(cells: set[str]) -> list[str]:
    """The cell ids as the forms print them (2019's, then 2021's own); others sorted after."""
    from parsers.templates import cell_ids

    order = {c: i for i, c in enumerate(dict.fromkeys(cell_ids("2019") + cell_ids("2021")))}
    return sorted(cells, key=lambda c: (order.get(c, len(order)), c))


def wide(rows: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for row in rows:
        yield {k: v for k, v in row.items() if k != "cells"} | row["cells"]


def long(rows: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    """One row per cell, in the order the version holds them (the form's order)."""
    for row in rows:
        head = {k: v for k, v in row.items() if k != "cells"}
        for cell, value in row["cells"].items():
            yield head | {"cell": cell, "value": value}


def export(
    session: Session,
    fmt: str,
    out: Path | None,
    stdout: io.TextIOBase | Any = None,
    filters: Filters = Filters(),
    shape: str = "wide",
) -> int:
    """Write the export; CSV goes to ``stdout`` when no file is given.  Returns the row count."""
    columns, versions = version_rows(session, filters)
    if shape == "long":
        columns, rows = LONG_COLUMNS, list(long(versions))
    elif shape == "wide":
        rows = list(wide(versions))
    else:
        raise ValueError(f"unknown export shape {shape!r}")
    if fmt == "csv" and out is None:
        write_csv(columns, rows, stdout)
    else:
        assert out is not None
        write_table(columns, rows, out, fmt, sheet="versions", types=TYPES)
    return len(rows)
