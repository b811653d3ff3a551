"""``nianbao serve``: the HTTP API and the web pages, under uvicorn."""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

import typer

from nianbao.cli.app import app, err, fail
from nianbao.cli.options import ArchiveOption, DbOption, sessions_or_fail, settings_or_fail

if TYPE_CHECKING:
    from nianbao.config import Settings


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="address to listen on"),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="port to listen on"),
    db: str = DbOption,
    archive: str = ArchiveOption,
) -> None:
    """Serve lookup by URL and region, diffs, alerts and the Atom feed over HTTP."""
    settings = settings_or_fail(db, archive)
    sessions_or_fail(settings)  # a bad database is a one-line error, before any socket opens
    run_service(settings, host, port)


def run_service(settings: Settings, host: str, port: int) -> None:
    """Bind, say where, and serve until SIGINT/SIGTERM (also used by ``demo --serve``)."""
    import uvicorn

    from nianbao.web.app import create_app

    application = create_app(settings)
    try:  # bind first: a busy port is a one-line error with status 1, not uvicorn's exit 3
        sock = socket.create_server((host, port), family=_family(host), reuse_port=False)
    except OSError as exc:
        fail(f"cannot listen on {host}:{port}: {exc.strerror}", status=1)
    bound = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(application, log_level="warning"))
    err.print(f"serving on http://{host}:{bound}/  (API: /docs, /openapi.json)", highlight=False)
    server.run(sockets=[sock])


def _family(host: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in host else socket.AF_INET
