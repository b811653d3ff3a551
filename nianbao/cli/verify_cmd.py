"""``nianbao verify``: the archive's fixity check."""

from __future__ import annotations

import typer

from nianbao.cli.app import FormatOption, OutputFormat, app, err, print_json
from nianbao.cli.options import ArchiveOption, DbOption, sessions_or_fail, settings_or_fail


@app.command()
def verify(
    db: str = DbOption,
    archive: str = ArchiveOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Re-hash every blob and WARC record; exit 1 if any no longer matches."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from archive.archive import open_archive
    from archive.fixity import verify_archive

    settings = settings_or_fail(db, archive)
    with (
        sessions_or_fail(settings)() as session,
        Progress(
            SpinnerColumn(),
            TextColumn("{task.description} {task.completed}"),
            console=err.real(),
            transient=True,
        ) as progress,
    ):
        task = progress.add_task("checked", total=None)
        report = verify_archive(
            session, open_archive(settings.archive_dir), lambda: progress.advance(task)
        )
    if format is OutputFormat.json:
        print_json(report.as_dict())
    else:
        typer.echo(
            f"{report.blobs} blobs, {report.warc_files} WARC files, {report.warc_records} records, "
            f"{report.captures} captures: {'all match' if report.ok else str(len(report.problems)) + ' problems'}"
        )
        for p in report.problems:
            typer.echo(f"PROBLEM {p}")
        for n in report.notes:
            typer.echo(f"note: {n}")
    if not report.ok:
        raise typer.Exit(1)
