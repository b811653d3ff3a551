"""A real webhook receiver on 127.0.0.1 for delivery tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from nianbao.notify.webhook import SIGNATURE_HEADER


class Receiver(ThreadingHTTPServer):
    """Records every POST; answers ``fail_next`` 503s first (or always, with ``down``)."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.posts: list[tuple[bytes, str | None, int]] = []
        self.fail_next = 0
        self.down = False

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/hook"


class _Handler(BaseHTTPRequestHandler):
    server: Receiver

    def log_message(self, *args: Any) -> None:
        pass

    def do_POST(self) -> None:  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        status = 200
        if self.server.down or self.server.fail_next > 0:
            self.server.fail_next -= 1
            status = 503
        self.server.posts.append((body, self.headers.get(SIGNATURE_HEADER), status))
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()
