"""``nianbao reindex``: the capture index rebuilt from the WARC files alone."""

from __future__ import annotations

import typer

from nianbao.cli.app import FormatOption, OutputFormat, app, print_json
from nianbao.cli.options import ArchiveOption, DbOption, sessions_or_fail, settings_or_fail


@app.command()
def reindex(
    db: str = DbOption,
    archive: str = ArchiveOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Recreate the capture rows from every WARC record (after a lost or damaged database).

    Records already indexed are skipped; a blob missing for a response is restored from
    the WARC payload.  Reports and versions follow with ``nianbao reparse``.
    """
    from archive.archive import open_archive
    from archive.reindex import reindex_archive

    settings = settings_or_fail(db, archive)
    report = reindex_archive(sessions_or_fail(settings), open_archive(settings.archive_dir))
    if format is OutputFormat.json:
        print_json(report.as_dict())
    else:
        typer.echo(
            f"{report.warc_files} WARC files, {report.records} records: "
            f"{report.added} captures added, {report.known} already indexed, "
            f"{report.blobs_restored} blobs restored"
        )
        for p in report.problems:
            typer.echo(f"PROBLEM {p}")
    if report.problems:
        raise typer.Exit(1)
