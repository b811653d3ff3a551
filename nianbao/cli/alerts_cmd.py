"""``nianbao alerts``: the change alerts, oldest first, with the cells that changed."""

from __future__ import annotations

from typing import Any

import typer

from nianbao.cli.app import FormatOption, OutputFormat, app, fail, print_json
from nianbao.cli.options import (
    ArchiveOption,
    DbOption,
    region_code_or_fail,
    sessions_or_fail,
    settings_or_fail,
)


def print_alerts(alerts: list[dict[str, Any]]) -> None:
    if not alerts:
        typer.echo("no alerts")
        return
    for a in alerts:
        typer.echo(
            f"{a['created_at']}  #{a['id']}  {a['kind']:<9}  {a['region_code'] or '-'}  "
            f"{a['organ'] or a['region'] or '-'}  {a['year'] or '-'}  "
            f"{a['url'] or a['details'].get('new_url') or a['details'].get('portal') or ''}"
        )
        for c in a["changed_cells"][:20]:
            typer.echo(f"    {c['cell']}: {c['old']} → {c['new']}")
        if len(a["changed_cells"]) > 20:
            typer.echo(f"    … {len(a['changed_cells']) - 20} more cells")


@app.command()
def alerts(
    since: str = typer.Option(None, "--since", help="only alerts at or after this ISO 8601 time"),
    region: str = typer.Option(None, "--region", help="only this region (code or name) and below"),
    db: str = DbOption,
    archive: str = ArchiveOption,
    format: OutputFormat = FormatOption,
) -> None:
    """The change alerts: new, revised, withdrawn and restored reports."""
    from archive.alerts_query import list_alerts, parse_since

    moment = None
    if since is not None:
        try:
            moment = parse_since(since)
        except ValueError:
            fail(f"--since {since!r} is not an ISO 8601 time (e.g. 2026-01-31T08:00:00Z)")
    settings = settings_or_fail(db, archive)
    with sessions_or_fail(settings)() as session:
        code = region_code_or_fail(session, region)
        found_alerts = list_alerts(session, since=moment, region_code=code)
    if format is OutputFormat.json:
        print_json(found_alerts)
    else:
        print_alerts(found_alerts)
