"""``nianbao parse FILE …``: offline parsing into ``report/1``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer

from nianbao.cli.app import FormatOption, OutputFormat, app, err, print_json

#: the key that names the file a parsed object came from; report/1 consumers ignore
#: keys they do not know, and the failed files are left out, so positions may shift
SOURCE_KEY = "source"


@contextmanager
def _progress(total: int) -> Iterator[Any]:
    """A transient progress bar on a terminal's stderr for several files; else a no-op."""
    if total < 2 or not err.is_terminal:
        yield lambda path: None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("parse"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
        console=err.real(), transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("", total=total)
        yield lambda path: bar.update(task, advance=1, description=str(path))


@app.command()
def parse(
    files: list[Path] = typer.Argument(
        ..., help="report files: HTML, PDF, DOCX, DOC, WPS, text, scans"
    ),
    format: OutputFormat = FormatOption,
) -> None:
    """Parse report files; one report/1 object per file (an array when several), each
    with "source": the file it came from."""
    from nianbao.cli.options import settings_or_fail
    from parsers import ParseError, parse_isolated

    limits = settings_or_fail(None, None).limits  # [limits] in nianbao.toml

    results: list[dict[str, Any]] = []
    failed = False
    with _progress(len(files)) as step:
        for path in files:
            try:
                data = path.read_bytes()
            except OSError as exc:
                err.print(
                    f"[bold red]error:[/] {path}: cannot read: {exc.strerror}", highlight=False
                )
                failed = True
                step(path)
                continue
            try:
                results.append(parse_isolated(data, path.name, limits) | {SOURCE_KEY: str(path)})
            except ParseError as exc:
                err.print(f"[bold red]error:[/] {path}: {exc}", highlight=False, soft_wrap=True)
                failed = True
            step(path)
    if format is OutputFormat.json:
        print_json(results[0] if len(files) == 1 and len(results) == 1 else results)
    else:
        for rep in results:
            cells = rep.get("cells") or {}
            flags = rep.get("flags") or []
            n = sum(1 for v in cells.values() if v is not None)
            typer.echo(
                f"{rep[SOURCE_KEY]}: {rep.get('organ')} {rep.get('year')} "
                f"template {rep.get('template')}: "
                f"{n}/{len(cells)} cells, {len(flags)} flags"
            )
    if failed:
        raise typer.Exit(2)
