"""A real HTTP server for simulated portals: one loopback address per portal.

Used by ``nianbao demo`` and by the tests.  It answers like a plain static
web server (ETag, Last-Modified, conditional GET, HEAD, 404), and the files
of a running site can be changed between crawls.  A site's dynamic routes
and guard (see ``Site``) answer POSTs, JSON APIs, redirects and challenges;
each server counts the requests it is answering at once, so a test can check
the crawler's per-host politeness from the server's side.
"""

from __future__ import annotations

import hashlib
import threading
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from nianbao.demo.site import Hit, Reply, Site

LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)


class _Handler(BaseHTTPRequestHandler):
    server: _SiteServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (stdlib name)
        self.server.log.append(f"{self.command} {self.path}")
        self.server.answered_at.append(time.monotonic())

    def _answer(self, with_body: bool) -> None:
        with self.server.lock:
            self.server.arrived_at.append(time.monotonic())
            self.server.active += 1
            self.server.max_active = max(self.server.max_active, self.server.active)
        self._counted = True
        try:
            self._serve(with_body)
        finally:
            self._answered()

    def _answered(self) -> None:
        """Counted done once, before the answer leaves: a client that waits for it before
        sending its next request is never seen with both at once."""
        if getattr(self, "_counted", False):
            self._counted = False
            with self.server.lock:
                self.server.active -= 1

    def end_headers(self) -> None:
        self._answered()
        super().end_headers()

    def _hit(self) -> Hit:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        headers = {k.lower(): v for k, v in self.headers.items()}
        return Hit(self.command, parts.path or "/", parts.query, headers, body)

    def _reply(self, reply: Reply, with_body: bool) -> None:
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(reply.body)))
        for name, value in reply.headers:
            self.send_header(name, value)
        self.end_headers()
        if with_body:
            self.wfile.write(reply.body)

    def _serve(self, with_body: bool) -> None:
        site = self.server.site
        if site.delay:
            time.sleep(site.delay)
        hit = self._hit()
        path = hit.path
        if site.guard is not None and (challenge := site.guard(hit)) is not None:
            self._reply(challenge, with_body)
            return
        if path in site.routes:
            self._reply(site.routes[path](hit), with_body)
            return
        if self.command == "POST":
            self._reply(Reply(405, "text/plain", b"method not allowed"), with_body)
            return
        found = site.files.get(path)
        if found is None:
            body = b"<html><body>404 Not Found</body></html>"
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if with_body:
                self.wfile.write(body)
            return
        ctype, data = found
        etag = '"' + hashlib.sha256(data).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", LAST_MODIFIED)
        self.end_headers()
        if with_body:
            self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 (stdlib name)
        self._answer(True)

    def do_HEAD(self) -> None:  # noqa: N802 (stdlib name)
        self._answer(False)

    def do_POST(self) -> None:  # noqa: N802 (stdlib name)
        self._answer(True)


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], site: Site) -> None:
        super().__init__(address, _Handler)
        self.site = site
        self.log: list[str] = []
        #: when each request of ``log`` was answered (``time.monotonic()``, one clock for all)
        self.answered_at: list[float] = []
        #: when each request arrived, in the order they did (the client's pace, which the
        #: answers' times blur by however long each took)
        self.arrived_at: list[float] = []
        self.lock = threading.Lock()
        self.active = 0
        #: the most requests this server was answering at the same time
        self.max_active = 0


class PortalServers:
    """Serve several sites, each on its own loopback address, in background threads."""

    def __init__(self, sites: dict[str, Site], port: int = 0) -> None:
        self.servers: dict[str, _SiteServer] = {}
        self._threads: list[threading.Thread] = []
        try:
            for address, site in sites.items():
                srv = _SiteServer((address, port), site)
                self.servers[address] = srv
                port = port or srv.server_address[1]  # every site on the same port
        except OSError:
            self.close()
            raise
        self.port = port
        self._threads = [
            threading.Thread(target=s.serve_forever, name=f"portal-{a}", daemon=True)
            for a, s in self.servers.items()
        ]
        for t in self._threads:
            t.start()

    def url(self, address: str, path: str = "/") -> str:
        return f"http://{address}:{self.port}{path}"

    def close(self) -> None:
        """Stop every server at once: each ``shutdown`` waits for its loop's next poll (up
        to half a second), which one server after another added up to seconds per close.
        Only servers whose loop was started are waited for (a failed bind never starts one)."""
        stoppers = [
            threading.Thread(target=srv.shutdown, name=f"stop-{t.name}")
            for srv, t in zip(self.servers.values(), self._threads, strict=False)
        ]
        for t in stoppers:
            t.start()
        for t in stoppers:
            t.join()
        for srv in self.servers.values():
            srv.server_close()

    def __enter__(self) -> PortalServers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
