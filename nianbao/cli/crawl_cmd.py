"""``nianbao crawl`` and ``nianbao demo``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Any

import typer

from nianbao.cli.app import FormatOption, OutputFormat, State, app, err, fail, print_json
from nianbao.cli.options import ArchiveOption, DbOption, settings_or_fail


class Render(StrEnum):
    auto = "auto"
    always = "always"
    never = "never"


#: the per-site counts a person sees after a crawl, in order
COUNTS = (
    "pages",
    "rendered",
    "reports",
    "attachments",
    "new",
    "revised",
    "unchanged",
    "skipped_known",
    "skipped_lists",
)


def print_summary(summary: dict[str, Any], fmt: OutputFormat) -> None:
    if fmt is OutputFormat.json:
        print_json(summary)
        return
    from rich.table import Table

    table = Table(
        title=f"crawl {summary['crawl_id']}" + (" (resumed)" if summary["resumed"] else "")
    )
    table.add_column("site")
    for col in COUNTS:
        table.add_column(col, justify="right")
    table.add_column("platform")
    table.add_column("failures", justify="right")
    for code, s in summary["sites"].items():
        counts = (str(s.get(k, 0)) for k in COUNTS)
        platform = ",".join(s.get("platforms") or ["generic"])
        table.add_row(
            f"{code} {s.get('name', '')}", *counts, platform, str(len(s.get("failures", [])))
        )
    import sys

    from rich.console import Console

    # a pipe or a log file gets the whole table, not one squeezed into 80 columns
    console = Console(width=None if sys.stdout.isatty() else 140)
    console.print(table)
    t = summary.get("totals") or {}
    if not summary.get("full") and summary["sites"]:
        console.print(
            f"nightly schedule: started at the known lists on {t.get('started_at_lists', 0)} of "
            f"{len(summary['sites'])} sites; skipped {t.get('skipped_known', 0)} known documents "
            f"not due, {t.get('skipped_lists', 0)} further list pages, "
            f"{t.get('skipped_nav', 0)} known navigation pages; fetched {t.get('due_known', 0)} "
            f"due and {t.get('changed_entries', 0)} with a changed list entry",
            highlight=False,
            soft_wrap=True,
        )
    for code, s in summary["sites"].items():
        for message in s.get("failures", [])[:5]:
            err.print(f"[yellow]site {code} failed:[/] {message}", highlight=False, soft_wrap=True)


def portals_or_fail(seeds: Path | None, only: list[str], settings: Any) -> list[Any]:
    """The portals of a seeds file (default: the shipped registry and what discovery
    found), cut to ``--only`` codes."""
    from crawler.portal import PortalRef
    from registry.regions import load_registry
    from registry.seeds import SeedsError, read_seeds_csv

    if seeds is None:
        from nianbao.cli.options import sessions_or_fail
        from nianbao.discover import discovered_seeds

        rows = [r for r in load_registry() if r.url and r.valid_to is None]
        shipped = {r.code for r in rows}
        with sessions_or_fail(settings)() as session:  # and what regions discover found
            rows += [r for r in discovered_seeds(session) if r.code not in shipped]
    else:
        try:
            rows = read_seeds_csv(seeds)
        except SeedsError as exc:
            fail(str(exc))
    portals = [PortalRef(r.code, r.name, r.level, r.parent_code, r.url or "") for r in rows]
    if only:
        portals = [p for p in portals if p.code in set(only)]
        if not portals:
            fail(f"no portal in the seeds has code {', '.join(only)}")
    if not portals:
        fail("no portal to crawl: the seeds list no URL")
    return portals


def do_crawl(
    seeds: Path | None,
    only: list[str],
    render: Render,
    ignore_robots: bool,
    db: str | None,
    archive: str | None,
    fmt: OutputFormat,
    quiet: bool = False,
    crawl_row: int | None = None,
    show: bool = True,
    full: bool = False,
) -> dict[str, Any]:
    from archive.db import DatabaseError
    from nianbao.crawl import run_crawl

    settings = settings_or_fail(db, archive)
    portals = portals_or_fail(seeds, only, settings)
    # an unreachable portal is one line in the summary; Scrapy's log (with its
    # tracebacks) is for `-v`
    log_level = "INFO" if State.verbose else "CRITICAL"
    try:
        summary = run_crawl(
            settings,
            portals,
            render=render.value,
            obey_robots=settings.obey_robots and not ignore_robots,
            quiet=quiet,
            seeds_label=str(seeds or "registry"),
            overrides={"LOG_LEVEL": log_level},
            crawl_row=crawl_row,
            full=full,
        )
    except DatabaseError as exc:
        fail(str(exc))
    if show:
        print_summary(summary, fmt)
    return summary


@app.command()
def crawl(
    seeds: Path = typer.Option(None, "--seeds", help="seeds CSV (default: the shipped registry)"),
    only: list[str] = typer.Option([], "--only", help="crawl only these region codes"),
    render: Render = typer.Option(Render.auto, "--render", help="when to use the browser"),
    ignore_robots: bool = typer.Option(False, "--ignore-robots", help="do not obey robots.txt"),
    db: str = DbOption,
    archive: str = ArchiveOption,
    format: OutputFormat = FormatOption,
    full: bool = typer.Option(
        False,
        "--full",
        help="fetch every known report page and attachment again (default: lists nightly, "
        "known documents on their rolling schedule)",
    ),
    crawl_row: int = typer.Option(None, "--crawl-row", hidden=True),  # a cluster batch's row
) -> None:
    """One crawl pass over the portals: discover, archive, parse, version, alert."""
    do_crawl(
        seeds, only, render, ignore_robots, db, archive, format, crawl_row=crawl_row, full=full
    )
