"""``nianbao parse FILE …``: offline parsing into ``report/1``."""

from __future__ import annotations

from pathlib import Path

import typer

from nianbao.cli.app import FormatOption, OutputFormat, app, err, print_json


@app.command()
def parse(
    files: list[Path] = typer.Argument(
        ..., help="report files: HTML, PDF, DOCX, DOC, WPS, text, scans"
    ),
    format: OutputFormat = FormatOption,
) -> None:
    """Parse report files; one report/1 object per file (an array when several)."""
    from nianbao.cli.options import settings_or_fail
    from parsers import ParseError, parse_isolated

    limits = settings_or_fail(None, None).limits  # [limits] in nianbao.toml
    results: list[dict[str, object]] = []
    failed = False
    for path in files:
        try:
            data = path.read_bytes()
        except OSError as exc:
            err.print(f"[bold red]error:[/] {path}: cannot read: {exc.strerror}", highlight=False)
            failed = True
            continue
        try:
            results.append(parse_isolated(data, path.name, limits))
        except ParseError as exc:
            err.print(f"[bold red]error:[/] {path}: {exc}", highlight=False, soft_wrap=True)
            failed = True
    if format is OutputFormat.json:
        print_json(results[0] if len(files) == 1 and len(results) == 1 else results)
    else:
        for rep in results:
            cells = rep.get("cells") or {}
            flags = rep.get("flags") or []
            n = sum(1 for v in cells.values() if v is not None)  # type: ignore[union-attr]
            typer.echo(
                f"{rep.get('organ')} {rep.get('year')} template {rep.get('template')}: "
                f"{n}/{len(cells)} cells, {len(flags)} flags"  # type: ignore[arg-type]
            )
    if failed:
        raise typer.Exit(2)
