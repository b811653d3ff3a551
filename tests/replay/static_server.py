"""A static file server on loopback that answers Range requests (ReplayWeb.page reads a WACZ by range)."""

from __future__ import annotations

import mimetypes
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path


class _RangeHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        self.server.log.append(f"{self.command} {self.path}")  # type: ignore[attr-defined]

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        path = Path(self.translate_path(self.path))
        spec = self.headers.get("Range", "")
        if not path.is_file() or not spec.startswith("bytes="):
            super().do_GET()
            return
        size = path.stat().st_size
        first, _, last = spec.removeprefix("bytes=").split(",")[0].partition("-")
        start = int(first) if first else max(size - int(last), 0)
        end = min(int(last), size - 1) if first and last else size - 1
        with open(path, "rb") as fh:
            fh.seek(start)
            body = fh.read(end - start + 1)
        self.send_response(206)
        self.send_header(
            "Content-Type", mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        )
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def end_headers(self) -> None:
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Cache-Control", "no-store")
        super().end_headers()


@contextmanager
def serve_folder(folder: Path, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve ``folder`` on a free port of ``host``; yields the base URL (no trailing slash)."""

    class Handler(_RangeHandler):
        def __init__(self, *args: object, **kwargs: object) -> None:
            super().__init__(*args, directory=str(folder), **kwargs)  # type: ignore[arg-type]

    Handler.extensions_map = {**Handler.extensions_map, ".js": "application/javascript"}
    server = ThreadingHTTPServer((host, 0), Handler)
    server.log = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
