"""``nianbao lookup url`` and ``nianbao lookup region``."""

from __future__ import annotations

import typer

from nianbao.cli.app import FormatOption, OutputFormat, app, fail, print_json
from nianbao.cli.options import ArchiveOption, DbOption, engine_or_fail, settings_or_fail

lookup_app = typer.Typer(help="Look up captures by URL or reports by region.", no_args_is_help=True)
app.add_typer(lookup_app, name="lookup")


@lookup_app.command("url")
def lookup_url(
    url: str = typer.Argument(..., help="the URL as crawled"),
    db: str = DbOption,
    archive: str = ArchiveOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Every capture of a URL, oldest first."""
    from archive.lookup import captures_for_url

    if not url.startswith(("http://", "https://")):
        fail(f"not an http(s) URL: {url!r}")
    settings = settings_or_fail(db, archive)
    with engine_or_fail(settings).connect() as conn:
        captures = captures_for_url(conn, url, settings.archive_dir)
    if format is OutputFormat.json:
        print_json({"url": url, "captures": captures})
        return
    if not captures:
        typer.echo(f"no capture of {url}")
        return
    for c in captures:
        mark = {None: "first", True: "changed", False: "same"}[c["changed"]]
        typer.echo(
            f"{c['time']}  {c['status']}  {c['content_type'] or '-'}  {c['size']} B  "
            f"sha256 {c['sha256']}  {mark}  {c['warc']['record_type']}"
        )


@lookup_app.command("region")
def lookup_region(
    region: str = typer.Argument(..., help="GB/T 2260 code or name (海林市, 231083)"),
    year: int = typer.Option(None, "--year", help="only reports on this year"),
    db: str = DbOption,
    archive: str = ArchiveOption,
    format: OutputFormat = FormatOption,
) -> None:
    """The reports of a region and the organs under it, with their versions."""
    from archive.lookup import reports_for_region, resolve_region
    from registry.regions import candidates, full_name

    several = candidates(region)
    if len(several) > 1:  # never a silent pick: say which regions the name may mean
        listed = [
            {"code": r.code, "name": r.name, "level": r.level, "full_name": full_name(r.code)}
            for r in several
        ]
        if format is OutputFormat.json:
            print_json({"ambiguous": region, "candidates": listed})
        else:
            for c in listed:
                typer.echo(f"{c['code']}  {c['full_name']}")
        fail(f"{region!r} names {len(listed)} regions; give one of the codes or full names above")
    settings = settings_or_fail(db, archive)
    with engine_or_fail(settings).connect() as conn:
        found = resolve_region(conn, region)
        if found is not None:
            head = {"code": found.code, "name": found.name, "level": found.level}
        elif several:  # known to the registry, not yet to the database
            head = {"code": several[0].code, "name": several[0].name, "level": several[0].level}
        else:
            fail(f"unknown region {region!r} (give a GB/T 2260 code or an unambiguous name)")
        reports = reports_for_region(conn, head["code"], year)
    if format is OutputFormat.json:
        print_json({"region": head, "reports": reports})
        return
    typer.echo(f"{head['code']} {head['name']}: {len(reports)} reports")
    for r in reports:
        typer.echo(
            f"  {r['year']}  {r['organ']}  {len(r['versions'])} versions  {r['sources'][0] if r['sources'] else ''}"
        )
