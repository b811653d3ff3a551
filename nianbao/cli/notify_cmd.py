"""``nianbao notify``: deliver pending alerts to the webhooks, Apprise URLs and e-mail of nianbao.toml."""

from __future__ import annotations

from dataclasses import replace

import typer

from nianbao.cli.app import FormatOption, OutputFormat, app, fail, print_json
from nianbao.cli.options import ArchiveOption, DbOption, sessions_or_fail, settings_or_fail


@app.command()
def notify(
    digest: bool = typer.Option(
        None,
        "--digest/--each",
        help="one message per channel with every pending alert, or one per alert "
        "(default: [notify] digest in nianbao.toml, else --each)",
        show_default=False,
    ),
    db: str = DbOption,
    archive: str = ArchiveOption,
    format: OutputFormat = FormatOption,
) -> None:
    """Send every alert not yet delivered; failures stay pending for the next run."""
    from nianbao.config import ConfigError, load_notify_settings
    from nianbao.notify.deliver import deliver_pending

    try:
        channels = load_notify_settings()
    except ConfigError as exc:
        fail(str(exc))
    if not channels.webhooks and channels.email is None and not channels.apprise:
        fail(
            "no channel configured: add [[notify.webhook]], [[notify.apprise]] or "
            "[notify.email] to nianbao.toml"
        )
    if digest is not None:
        channels = replace(channels, digest=digest)
    settings = settings_or_fail(db, archive)
    results = deliver_pending(sessions_or_fail(settings), channels)
    if format is OutputFormat.json:
        print_json({"channels": results})
        return
    for r in results:
        typer.echo(
            f"{r['channel']} {r['target']}: {r['delivered']} delivered, {r['pending']} pending"
        )
        for e in r["errors"]:
            typer.echo(f"  {e}")
