"""``nianbao serve`` run for real, and the browser that reads it, for the tests of the web pages.

The server runs as a subprocess on its own loopback address over a
workspace's database until the test is done; the pages are read by Debian's
Chromium through Playwright with the flags below (no sandbox as root, nothing
fetched from the internet).  Shared by the web-page tests and the replay tests.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator

from tests.conftest import NIANBAO, Workspace
from tests.ports import free_port, wait_for_http

HOST = "127.0.0.2"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def serve(ws: Workspace) -> Iterator[str]:
    """``nianbao serve`` over the workspace's database, until the test is done."""
    port = free_port(HOST)
    proc = subprocess.Popen(
        [*NIANBAO, "serve", "--host", HOST, "--port", str(port)],
        cwd=ws.root,
        env=ws.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://{HOST}:{port}"
    try:
        wait_for_http(proc, f"{base}/openapi.json", "serve")
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)
