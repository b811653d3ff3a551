"""``nianbao wacz``: a crawl or a region packaged as one WACZ file that replays on its own."""

from __future__ import annotations

from pathlib import Path

import typer

from nianbao.cli.app import FormatOption, OutputFormat, app, fail, print_json
from nianbao.cli.options import ArchiveOption, DbOption, sessions_or_fail, settings_or_fail


@app.command()
def wacz(
    out: Path = typer.Option(..., "--out", help="the WACZ file to write"),
    crawl: int | None = typer.Option(None, "--crawl", help="only this crawl's captures"),
    region: str | None = typer.Option(
        None, "--region", help="only the captures of this region (code or name) and those under it"
    ),
    db: str = DbOption,
    archive: str = ArchiveOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Package captures as a WACZ file (WARC, CDXJ index, one page per report, hashes).

    Revisits whose payload an earlier crawl holds bring that response along, so
    pywb and ReplayWeb.page replay every capture from the package alone.
    """
    from archive.archive import open_archive
    from archive.wacz import PackageError, write_wacz
    from archive.wacz_select import NothingToPackage, select_package
    from nianbao import __version__

    if out.suffix != ".wacz":
        fail(f"--out must name a .wacz file: {out}")
    settings = settings_or_fail(db, archive)
    sessions = sessions_or_fail(settings)
    parts = [f"crawl {crawl}" if crawl is not None else "", f"region {region}" if region else ""]
    title = "nianbao: " + (", ".join(p for p in parts if p) or "the whole archive")
    with sessions() as session:
        try:
            chosen = select_package(session, crawl, region)
        except NothingToPackage as exc:
            fail(str(exc))
        try:
            summary = write_wacz(
                open_archive(settings.archive_dir), chosen, out, title, f"nianbao {__version__}"
            )
        except PackageError as exc:
            fail(str(exc), status=1)
    if format is OutputFormat.json:
        print_json(summary.as_dict())
    else:
        typer.echo(
            f"{summary.out}: {summary.captures} captures, {summary.carried} earlier responses"
            f" carried in, {summary.pages} report pages, {summary.bytes} bytes"
        )
        for need in summary.requires:
            typer.echo(f"REQUIRES {need['digest']} for {need['url']} at {need['ts']}")
