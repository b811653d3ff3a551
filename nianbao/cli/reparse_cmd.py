"""``nianbao reparse``: the archive's bytes through the current parser."""

from __future__ import annotations

import typer

from nianbao.cli.app import FormatOption, OutputFormat, app, err, print_json
from nianbao.cli.options import ArchiveOption, DbOption, sessions_or_fail, settings_or_fail


@app.command()
def reparse(
    parser_version_below: str = typer.Option(
        None,
        "--parser-version-below",
        help="only documents last parsed by a parser older than this version",
        show_default=False,
    ),
    db: str = DbOption,
    archive: str = ArchiveOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Parse archived documents again; new versions only where cells or main text changed."""
    from rich.progress import Progress, SpinnerColumn, TextColumn

    from archive.archive import open_archive
    from ingest.reparse import reparse as run_reparse

    settings = settings_or_fail(db, archive)
    sessions = sessions_or_fail(settings)
    archive_ = open_archive(settings.archive_dir)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description} {task.completed}"),
        console=err.real(),
        transient=True,
    ) as progress:
        task = progress.add_task("documents", total=None)
        summary = run_reparse(
            sessions,
            archive_.get_blob,
            parser_version_below,
            lambda: progress.advance(task),
            limits=settings.limits,
        )
    out = summary.as_dict()
    if format is OutputFormat.json:
        print_json(out)
        return
    typer.echo(
        f"parser {out['parser_version']}: {out['documents']} documents, "
        f"{out['skipped_current']} already current, {out['reparsed']} with a new meaning, "
        f"{out['new']} new reports, {out['unchanged']} unchanged"
    )
    for f in out["failures"]:
        typer.echo(f"FAILED {f['url']}: {f['error']}")
