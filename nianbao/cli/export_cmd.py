"""``nianbao export``: report versions for analysis, wide or long, with a codebook."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path

import typer

from nianbao.cli.app import app, err, fail
from nianbao.cli.options import (
    ArchiveOption,
    DbOption,
    region_code_or_fail,
    sessions_or_fail,
    settings_or_fail,
)


class ExportFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"
    xlsx = "xlsx"


class Shape(StrEnum):
    wide = "wide"
    long = "long"


def _format_of(given: ExportFormat | None, path: Path | None) -> str:
    if given is not None:
        return given.value
    suffix = path.suffix.lower().lstrip(".") if path is not None else ""
    return suffix if suffix in ExportFormat.__members__ else "csv"


def _check_folder(flag: str, path: Path) -> None:
    if not path.parent.resolve().is_dir():
        fail(f"{flag} {path}: folder {path.parent} does not exist")


@app.command()
def export(
    format: ExportFormat = typer.Option(
        None, "--format", help="csv, parquet or xlsx (default: from --out's suffix, else csv)"
    ),
    out: Path = typer.Option(None, "--out", help="file to write (CSV goes to stdout without it)"),
    shape: Shape = typer.Option(
        Shape.wide, "--shape", help="wide: a row per version; long: a row per version and cell"
    ),
    latest: bool = typer.Option(False, "--latest", help="only the newest version of each report"),
    region: str = typer.Option(None, "--region", help="only this region (code or name) and below"),
    year: int = typer.Option(None, "--year", help="only reports on this year"),
    codebook: Path = typer.Option(
        None,
        "--codebook",
        help="also write the codebook (cell id, template, table, row, column, unit) here; "
        "alone, without --out, only the codebook",
    ),
    db: str = DbOption,
    archive: str = ArchiveOption,
) -> None:
    """Export report versions for analysis: CSV, Parquet or XLSX, wide or long."""
    fmt = _format_of(format, out)
    if out is None and fmt != "csv":
        fail(f"--format {fmt} writes a binary file: give it with --out FILE")
    for flag, path in (("--out", out), ("--codebook", codebook)):
        if path is not None:
            _check_folder(flag, path)
    if codebook is not None:
        from nianbao.codebook import write_codebook

        try:
            n = write_codebook(codebook, _format_of(None, codebook))
        except OSError as exc:
            fail(f"cannot write {codebook}: {exc.strerror}")
        err.print(f"wrote the codebook ({n} cells) to {codebook}", highlight=False)
        if out is None:
            return
    from archive.lookup import region_and_descendants
    from nianbao.export import Filters
    from nianbao.export import export as write_export

    settings = settings_or_fail(db, archive)
    with sessions_or_fail(settings)() as session:
        code = region_code_or_fail(session, region)
        codes = None if code is None else tuple(region_and_descendants(session, code))
        filters = Filters(latest=latest, region_codes=codes, year=year)
        try:
            count = write_export(session, fmt, out, sys.stdout, filters, shape.value)
        except BrokenPipeError:
            raise  # stdout closed early (`| head`): main() ends quietly
        except OSError as exc:
            fail(f"cannot write {out}: {exc.strerror}")
    if out is not None:
        what = "rows (one per version and cell)" if shape is Shape.long else "report versions"
        err.print(f"wrote {count} {what} to {out} ({fmt})", highlight=False)
