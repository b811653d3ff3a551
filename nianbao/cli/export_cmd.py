"""``nianbao export``: one row per report version, one column per cell id."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from nianbao.cli.app import app, err, fail
from nianbao.cli.options import ArchiveOption, DbOption, sessions_or_fail, settings_or_fail


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"
    xlsx = "xlsx"


@app.command()
def export(
    format: ExportFormat = typer.Option(
        None, "--format", help="csv, parquet or xlsx (default: from --out's suffix, else csv)"
    ),
    out: Path = typer.Option(None, "--out", help="file to write (CSV goes to stdout without it)"),
    db: str = DbOption,
    archive: str = ArchiveOption,
) -> None:
    """Export every report version for analysis: CSV, Parquet or XLSX."""
    from nianbao.export import export as write_export

    fmt = format.value if format is not None else None
    if fmt is None:
        suffix = out.suffix.lower().lstrip(".") if out is not None else ""
        fmt = suffix if suffix in ExportFormat.__members__ else "csv"
    if out is None and fmt != "csv":
        fail(f"--format {fmt} writes a binary file: give it with --out FILE")
    if out is not None and not out.parent.resolve().is_dir():
        fail(f"--out {out}: folder {out.parent} does not exist")
    settings = settings_or_fail(db, archive)
    with sessions_or_fail(settings)() as session:
        try:
            count = write_export(session, fmt, out, stdout=sys.stdout)
        except OSError as exc:
            fail(f"cannot write {out}: {exc.strerror}")
    if out is not None:
        err.print(f"wrote {count} report versions to {out} ({fmt})", highlight=False)
