"""``nianbao regions``: list the region registry, import it into the database, add seeds.

The registry ships with the code (``registry/data/regions.csv``, pinned to a
vintage of the GB/T 2260 list, retired codes kept with their successor); the
database holds what a crawl works from.  ``import`` copies the registry in
(idempotent: rows are updated to the shipped snapshot, never duplicated);
``add-seeds`` adds the regions and portals of a seeds file (cli.md format),
with the chain of regions above each from the registry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from nianbao.cli.app import FormatOption, OutputFormat, app, err, fail, print_json
from nianbao.cli.options import ArchiveOption, DbOption, sessions_or_fail, settings_or_fail

regions_app = typer.Typer(
    help="List, import and add regions and their portals.", no_args_is_help=True
)
app.add_typer(regions_app, name="regions")


def _row(region: Any, url: str | None, url_source: str | None, in_db: bool) -> dict[str, Any]:
    return {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "parent_code": region.parent_code,
        "url": url,
        "url_source": url_source if url else None,
        "valid_from": region.valid_from,
        "valid_to": region.valid_to,
        "superseded_by": region.superseded_by,
        "own_report": getattr(region, "own_report", True),
        "in_db": in_db,
    }


def _db_state(
    db: str | None, archive: str | None
) -> tuple[dict[str, Any], dict[str, tuple[str, str]]]:
    """Regions and (portal URL, url_source) already in the database (empty when none yet).

    A portal row without a source came from a seeds file before sources were kept."""
    from sqlalchemy import select

    from archive.models import Portal, Region

    sessions = sessions_or_fail(settings_or_fail(db, archive))
    with sessions() as session:
        regions = {r.code: r for r in session.scalars(select(Region))}
        for r in regions.values():
            session.expunge(r)
        urls = {
            p.region_code: (p.url, p.url_source or "seed")
            for p in session.scalars(select(Portal).order_by(Portal.id))
        }
    return regions, urls


@regions_app.command("list")
def list_regions(
    level: str = typer.Option(None, "--level", help="only this level (county, township …)"),
    parent: str = typer.Option(None, "--parent", help="only the regions directly under this code"),
    retired: bool = typer.Option(False, "--retired", help="include retired codes"),
    db: str = DbOption,
    archive: str = ArchiveOption,
    fmt: OutputFormat = FormatOption,
) -> None:
    """The shipped registry and the regions seeds added to the database, one row each."""
    from registry.regions import SOURCE, VINTAGE, load_registry

    in_db, urls = _db_state(db, archive)
    rows: dict[str, dict[str, Any]] = {}
    for region in load_registry():
        url, source = urls.get(region.code, (region.url, region.url_source))
        rows[region.code] = _row(region, url, source, in_db=region.code in in_db)
    for code, known in in_db.items():
        if code not in rows:
            url, source = urls.get(code, (None, None))
            rows[code] = _row(known, url, source, in_db=True)
    out = [
        r
        for r in sorted(rows.values(), key=lambda r: r["code"])
        if (retired or r["valid_to"] is None)
        and (level is None or r["level"] == level)
        and (parent is None or r["parent_code"] == parent)
    ]
    if fmt is OutputFormat.json:
        counts: dict[str, int] = {}
        for r in out:
            counts[r["level"]] = counts.get(r["level"], 0) + 1
        print_json({"vintage": VINTAGE, "source": SOURCE, "counts": counts, "regions": out})
        return
    for r in out:
        mark = "*" if r["in_db"] else " "
        typer.echo(f"{mark} {r['code']:<12} {r['name']:<10} {r['level']:<10} {r['url'] or ''}")
    err.print(f"{len(out)} regions (registry vintage {VINTAGE}; * = in the database)")


@regions_app.command("import")
def import_registry(
    db: str = DbOption, archive: str = ArchiveOption, fmt: OutputFormat = FormatOption
) -> None:
    """Copy the shipped registry (regions and known portal URLs) into the database."""
    from sqlalchemy import select

    from archive.models import Portal, Region
    from registry import regions as registry

    sessions = sessions_or_fail(settings_or_fail(db, archive))
    counts = {"added": 0, "updated": 0, "portals": 0}
    with sessions() as session:
        rows = {row.code: row for row in session.scalars(select(Region))}  # one query, not 3,650
        urls = set(session.scalars(select(Portal.url)))
        for r in registry.load_registry():
            values = {
                "name": r.name,
                "level": r.level,
                "parent_code": r.parent_code,
                "full_name": registry.full_name(r.code, strict=False),
                "valid_from": r.valid_from,
                "valid_to": r.valid_to,
                "superseded_by": r.superseded_by,
            }
            row = rows.get(r.code)
            if row is None:
                session.add(Region(code=r.code, **values))
                counts["added"] += 1
            elif any(getattr(row, k) != v for k, v in values.items()):
                for k, v in values.items():
                    setattr(row, k, v)
                counts["updated"] += 1
        session.flush()
        for r in registry.load_registry():
            if r.url and r.url not in urls:
                session.add(
                    Portal(region_code=r.code, name=r.name, url=r.url, url_source=r.url_source)
                )
                urls.add(r.url)
                counts["portals"] += 1
        session.commit()
    _report(counts, fmt)


@regions_app.command("add-seeds")
def add_seeds(
    seeds: Path = typer.Argument(..., help="seeds CSV: code,name,level,parent_code,url"),
    db: str = DbOption,
    archive: str = ArchiveOption,
    fmt: OutputFormat = FormatOption,
) -> None:
    """Add the regions and portals of a seeds file (and the regions above them)."""
    from archive.models import Region
    from archive.places import ensure_portal
    from registry.seeds import SeedsError, read_seeds_csv

    try:
        rows = read_seeds_csv(seeds)
    except SeedsError as exc:
        fail(str(exc))
    sessions = sessions_or_fail(settings_or_fail(db, archive))
    counts = {"added": 0, "updated": 0, "portals": 0}
    with sessions() as session:
        for r in rows:
            if session.get(Region, r.code) is None:
                counts["added"] += 1
            _, new = ensure_portal(session, r.code, r.name, r.level, r.parent_code, r.url or "")
            counts["portals"] += int(new)
        session.commit()
    _report(counts, fmt)


def _report(counts: dict[str, int], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        print_json(counts)
    else:
        typer.echo(
            f"{counts['added']} regions added, {counts['updated']} updated, "
            f"{counts['portals']} portals added"
        )
