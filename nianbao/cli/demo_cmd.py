"""``nianbao demo``: the whole pipeline offline, on a bundled portal served on 127.0.0.1.

``--changes`` crawls a second night after revising, adding and removing a report, and
a third (a report is withdrawn once it is gone on two crawls in a row), so the alerts
show; ``--serve`` keeps the portal up and serves the web pages on the
result until Ctrl-C.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import typer

from nianbao.cli.app import FormatOption, OutputFormat, State, app, err, fail, print_json
from nianbao.cli.crawl_cmd import Render, do_crawl, print_summary
from nianbao.cli.options import ArchiveOption, DbOption, sessions_or_fail, settings_or_fail

SAMPLE = "/zwgk/xxgknb/202102/t20210201_1001.html"


@app.command()
def demo(
    port: int = typer.Option(8765, "--port", min=0, help="port of the demo portal on 127.0.0.1"),
    changes: bool = typer.Option(
        False, "--changes", help="crawl a second night: a report revised, one new, one withdrawn"
    ),
    serve: bool = typer.Option(
        False, "--serve", help="keep the portal up and serve the web pages until Ctrl-C"
    ),
    serve_port: int = typer.Option(
        8000, "--serve-port", min=0, max=65535, help="port of the web pages (with --serve)"
    ),
    db: str = DbOption,
    archive: str = ArchiveOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Serve the bundled demo portal on 127.0.0.1 and crawl it: the whole pipeline, offline."""
    from nianbao.demo.hailin_portal import DEMO_SEEDS_ROWS, demo_sites
    from nianbao.demo.server import PortalServers
    from registry.seeds import SEEDS_HEADER

    try:
        servers = PortalServers(demo_sites(), port=port)
    except OSError as exc:
        fail(f"cannot serve the demo portal on 127.0.0.1:{port}: {exc.strerror}", status=1)
    with servers, tempfile.TemporaryDirectory() as tmp:
        seeds = Path(tmp) / "demo-seeds.csv"
        rows = [",".join(SEEDS_HEADER)] + [
            f"{c},{n},{lv},{p},{servers.url(addr, '/index.html')}"
            for c, n, lv, p, addr in DEMO_SEEDS_ROWS
        ]
        seeds.write_text("\n".join(rows) + "\n", encoding="utf-8")
        err.print(f"demo portal serving on {servers.url('127.0.0.1')}", highlight=False)
        summaries = [do_crawl(seeds, [], Render.auto, False, db, archive, format, show=False)]
        night_alerts: list[dict[str, Any]] = []
        if changes:
            from nianbao.demo.night2 import second_night

            if format is OutputFormat.text:
                print_summary(summaries[0], format)
            err.print("second night: a report revised, one new, one withdrawn", highlight=False)
            second_night(servers.servers["127.0.0.1"].site)
            started = datetime.now(UTC)
            summaries.append(_crawl_in_child(seeds, db, archive))
            # a report is withdrawn once its URL is gone on two crawls in a row
            err.print("the night after: nothing changed, the removed report gone again")
            summaries.append(_crawl_in_child(seeds, db, archive))
            night_alerts = _alerts_since(db, archive, started)
        _show(summaries, night_alerts, changes, format)
        if format is OutputFormat.text:
            err.print(
                f"next: nianbao lookup url {servers.url('127.0.0.1', SAMPLE)}"
                "  ·  nianbao lookup region 海林市  ·  nianbao alerts",
                highlight=False,
                soft_wrap=True,
            )
        if serve:
            from nianbao.cli.serve_cmd import run_service

            err.print("the demo portal stays up; Ctrl-C stops both", highlight=False)
            run_service(settings_or_fail(db, archive), "127.0.0.1", serve_port)


def _crawl_in_child(seeds: Path, db: str | None, archive: str | None) -> dict[str, Any]:
    """Crawl again in a child process, as the nightly schedule does (Twisted's reactor
    runs once per process); the portal keeps serving from this one."""
    import json
    import os
    import subprocess
    import sys

    settings = settings_or_fail(db, archive)
    exe = Path(sys.executable).with_name("nianbao")
    cmd = [str(exe) if exe.exists() else "nianbao", *(["-v"] if State.verbose else [])]
    # --full: the demo's night changes a report in place, which a scheduled night might
    # leave for its due night; storage by environment, so no password shows in `ps`
    cmd += ["crawl", "--seeds", str(seeds), "--format", "json", "--full"]
    env = dict(os.environ, NIANBAO_DB=settings.db_url, NIANBAO_ARCHIVE=str(settings.archive_dir))
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, env=env)
    if proc.returncode != 0:
        fail(f"the second night's crawl failed (exit {proc.returncode})", status=1)
    summary: dict[str, Any] = json.loads(proc.stdout)
    return summary


def _alerts_since(db: str | None, archive: str | None, since: datetime) -> list[dict[str, Any]]:
    from archive.alerts_query import list_alerts

    with sessions_or_fail(settings_or_fail(db, archive))() as session:
        return list_alerts(session, since=since)


def _show(
    summaries: list[dict[str, Any]],
    night_alerts: list[dict[str, Any]],
    changes: bool,
    fmt: OutputFormat,
) -> None:
    if fmt is OutputFormat.json:
        print_json({"crawls": summaries, "alerts": night_alerts} if changes else summaries[0])
        return
    print_summary(summaries[-1], fmt)
    if changes:
        from nianbao.cli.alerts_cmd import print_alerts

        typer.echo("alerts of the nights after the first:")
        print_alerts(night_alerts)
