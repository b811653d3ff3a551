"""``nianbao overdue``: reports missing after their legal deadline (and their alerts)."""

from __future__ import annotations

from datetime import UTC, datetime

import typer

from nianbao.cli.app import FormatOption, OutputFormat, app, fail, print_json
from nianbao.cli.options import (
    ArchiveOption,
    DbOption,
    region_code_or_fail,
    sessions_or_fail,
    settings_or_fail,
)


@app.command()
def overdue(
    year: int = typer.Option(None, "--year", help="the report year (default: the last one due)"),
    region: str = typer.Option(None, "--region", help="only this region (code or name) and below"),
    at: str = typer.Option(None, "--at", help="as of this ISO 8601 time (default: now)"),
    db: str = DbOption,
    archive: str = ArchiveOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Region-years and organs whose report is missing after its deadline; raises their alerts.

    Deadlines (Beijing time): 31 January for departments, 31 March for governments.
    """
    from archive.alerts_query import parse_since
    from archive.overdue import overdue as find_overdue
    from archive.overdue import raise_no_reports_alerts, raise_overdue_alerts

    now = datetime.now(UTC)
    if at is not None:
        try:
            now = parse_since(at)
        except ValueError:
            fail(f"--at {at!r} is not an ISO 8601 time (e.g. 2026-04-01T00:00:00+08:00)")
    settings = settings_or_fail(db, archive)
    with sessions_or_fail(settings)() as session:
        code = region_code_or_fail(session, region)
        items = find_overdue(session, now, year, code)
        raise_overdue_alerts(session, items, now)
        if year is None and code is None:
            raise_no_reports_alerts(session, now)
        session.commit()
    if format is OutputFormat.json:
        print_json({"as_of": now.isoformat().replace("+00:00", "Z"), "overdue": items})
        return
    if not items:
        typer.echo("no report overdue")
    for i in items:
        typer.echo(
            f"{i['year']}  {i['region_code']}  {i['organ']:<20}  due {i['deadline']}  "
            f"last crawled {i['last_crawled'] or 'never'}"
        )
