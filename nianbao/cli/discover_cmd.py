"""``nianbao regions discover``: find the prefecture and county portals below the provinces."""

from __future__ import annotations

import typer

from nianbao.cli.app import FormatOption, OutputFormat, err, fail, print_json
from nianbao.cli.options import ArchiveOption, DbOption, sessions_or_fail, settings_or_fail
from nianbao.cli.regions_cmd import regions_app


@regions_app.command("discover")
def discover_portals(
    from_urls: list[str] = typer.Option(
        None, "--from", help="start from this portal (repeatable; default: the 31 provinces)"
    ),
    provinces: list[str] = typer.Option(
        None, "--province", help="only this province (code or name; repeatable)"
    ),
    ignore_robots: bool = typer.Option(False, "--ignore-robots", help="do not obey robots.txt"),
    db: str = DbOption,
    archive: str = ArchiveOption,
    fmt: OutputFormat = FormatOption,
) -> None:
    """Walk down from provincial portals to the portals of the governments below them."""
    from nianbao.discover import record, run_discovery
    from registry.regions import resolve

    for url in from_urls or []:
        if not url.startswith(("http://", "https://")):
            fail(f"--from {url!r} is not an http(s) URL")
    for code in provinces or []:
        region = resolve(code)
        if region is None or region.level not in ("province", "prefecture"):
            fail(f"--province {code!r} is not a province (give a GB/T 2260 code or its name)")
    sessions = sessions_or_fail(settings_or_fail(db, archive))
    result = run_discovery(from_urls or [], provinces or [], obey_robots=not ignore_robots)
    if result.unread and not result.scopes:
        fail(f"no start page could be read: {', '.join(result.unread)}", 1)
    for url in result.unread:
        err.print(f"[yellow]warning:[/] start page not read: {url}", highlight=False)
    with sessions() as session:
        counts = record(session, result)
    out = result.as_json()
    if fmt is OutputFormat.json:
        print_json(out)
        return
    for f in out["found"]:
        typer.echo(f"{f['code']}  {f['name']:<10} {f['url']}  ← {f['evidence']['text']}")
    for a in out["ambiguous"]:
        typer.echo(f"?       {a['text']:<10} {a['url']}  one of {', '.join(a['candidates'])}")
    err.print(
        f"{len(out['found'])} found, {len(out['ambiguous'])} ambiguous, "
        f"{len(out['missing'])} missing; {counts['added']} portals added, "
        f"{counts['moved']} moved, {counts['seeds_kept']} seeds kept"
    )
