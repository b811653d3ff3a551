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
    """Rebuild the database from the WARC files alone (after a lost or damaged database).

    Capture rows first (records already indexed are skipped; a blob missing for a
    response is restored from the WARC payload), then the documents, reports and
    versions from the facts the crawls wrote into the archive.
    """
    from archive.archive import open_archive
    from archive.reindex import reindex_archive
    from ingest.rebuild import rebuild_reports

    settings = settings_or_fail(db, archive)
    sessions = sessions_or_fail(settings)
    store = open_archive(settings.archive_dir)
    report = reindex_archive(sessions, store)
    rebuilt = rebuild_reports(sessions, store, limits=settings.limits)
    if format is OutputFormat.json:
        print_json(report.as_dict() | {"reports": rebuilt})
    else:
        typer.echo(
            f"{report.warc_files} WARC files, {report.records} records: "
            f"{report.added} captures added, {report.known} already indexed, "
            f"{report.blobs_restored} blobs restored; {rebuilt['documents']} documents, "
            f"{rebuilt['new']} reports and {rebuilt['revised']} revisions rebuilt"
        )
        for p in report.problems:
            typer.echo(f"PROBLEM {p}")
    if report.problems:
        raise typer.Exit(1)
