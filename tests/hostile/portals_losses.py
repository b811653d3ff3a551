"""Hostile portals that try to make the crawl lose reports silently, or bloat it.

A report page whose meta refresh points off the portal (it must still be
recorded), a redirect loop, compression bombs as a home page, a report page
or an attachment, an attachment announced over the download limit, report
links whose bodies hold no report, and a raw server that answers every
request with an endless body.  Each builder returns a ``HostileCase``
(``portals_sites``) with the failure the crawl summary must name, if any:
whatever the crawl cannot keep, it says so.
"""

from __future__ import annotations

import gzip
import socket
import threading
import zlib

import brotli

from nianbao.demo.site import HTML, Hit, Reply
from tests.hostile.portals_sites import (
    MAX_SIZE,
    Away,
    HostileCase,
    add_report,
    column_portal,
    redirect,
    report_title,
)
from tests.portals import page, pdf, report_text

#: a compression bomb inflates to this: far over the limit, a few KB on the wire
BOMB_SIZE = 32 * MAX_SIZE


# -- item 6: no silent losses ---------------------------------------------------------------


def refresh_report_portal(code: str, away: Away) -> HostileCase:
    """A report page whose meta refresh points off the portal: still recorded as a report."""
    p = column_portal(code, "戊区", [("/nb/2021.html", report_title("戊区", 2021))])
    add_report(p, "/nb/2021.html", 2021)
    ctype, body = p.site.files.pop("/nb/2021.html")

    def report(hit: Hit) -> Reply:
        tag = f'<meta http-equiv="refresh" content="1; url={away("/spam.html")}">'
        return Reply(200, ctype, body.replace(b"</head>", tag.encode() + b"</head>"))

    p.site.routes["/nb/2021.html"] = report
    return HostileCase(p)


def redirect_loop_portal(code: str) -> HostileCase:
    p = column_portal(code, "己区", [])
    p.site.routes["/index.html"] = redirect(lambda: "/home/")
    p.site.routes["/home/"] = redirect(lambda: "/index.html")
    return HostileCase(p, failure="redirect loop")


def _bomb(encoding: str) -> bytes:
    zeros = b"\0" * BOMB_SIZE
    if encoding == "gzip":
        return gzip.compress(zeros, 1)
    if encoding == "deflate":
        return zlib.compress(zeros, 1)
    return bytes(brotli.compress(zeros, quality=5))


def bomb_portal(code: str, name: str, encoding: str, where: str) -> HostileCase:
    """A compression bomb as the home page, a report page or a report's attachment."""
    p = column_portal(code, name, [("/nb/2021.html", report_title(name, 2021))])
    reply = Reply(200, HTML, _bomb(encoding), [("Content-Encoding", encoding)])
    if where == "home":
        p.site.routes["/index.html"] = lambda hit: reply
    elif where == "report":
        p.site.routes["/nb/2021.html"] = lambda hit: reply
    else:  # the report says 详见附件; its PDF is the bomb
        title = report_title(name, 2021)
        body = f'<h1>{title}</h1><p>详见附件：<a href="/nb/2021.pdf">{title}.pdf</a></p>'
        p.site.files["/nb/2021.html"] = (HTML, page(title, body))
        p.reports["/nb/2021.html"] = (name + "人民政府", 2021)
        p.site.routes["/nb/2021.pdf"] = lambda hit: Reply(
            200, "application/pdf", reply.body, reply.headers
        )
    return HostileCase(p, failure="compression bomb")


def oversize_portal(code: str) -> HostileCase:
    """A report's attachment announced (Content-Length) over the download limit."""
    name = "辛区"
    title = report_title(name, 2021)
    p = column_portal(code, name, [("/nb/2021.html", title)])
    body = f'<h1>{title}</h1><p>详见附件：<a href="/nb/2021.pdf">{title}.pdf</a></p>'
    p.site.files["/nb/2021.html"] = (HTML, page(title, body))
    p.reports["/nb/2021.html"] = (name + "人民政府", 2021)
    big = pdf(title) + b"%" * (MAX_SIZE + 10)
    p.site.files["/nb/2021.pdf"] = ("application/pdf", big)
    return HostileCase(p, failure=f"too large: {len(big)} bytes over the limit of {MAX_SIZE}")


def thin_bodies_portal(code: str) -> HostileCase:
    """Report links whose bodies hold no report: a cut-off page, a 5-byte 'PDF', a stub."""
    name = "壬区"
    links = [
        ("/nb/2021.html", report_title(name, 2021)),
        ("/nb/2020.pdf", report_title(name, 2020)),
        ("/nb/2019.html", report_title(name, 2019)),
    ]
    p = column_portal(code, name, links)
    full = page(links[0][1], report_text(name + "人民政府", 2021))
    p.site.files["/nb/2021.html"] = (HTML, full[:100])
    p.site.files["/nb/2020.pdf"] = ("application/pdf", b"%PDF-")
    p.site.files["/nb/2019.html"] = (HTML, b"hello")
    return HostileCase(p, failure="not a report")


class EndlessServer:
    """A raw HTTP server that answers every request with an endless body and no length."""

    def __init__(self, address: str) -> None:
        self.sock = socket.create_server((address, 0))
        self.port = self.sock.getsockname()[1]
        self.address = address
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    @staticmethod
    def _answer(conn: socket.socket) -> None:
        with conn:
            conn.recv(65536)
            try:
                conn.sendall(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n\r\n"
                )
                chunk = b"<p>" + b"x" * 65536 + b"</p>"
                for _ in range(10 * MAX_SIZE // len(chunk)):
                    conn.sendall(chunk)
            except OSError:
                return

    def url(self, path: str) -> str:
        return f"http://{self.address}:{self.port}{path}"

    def close(self) -> None:
        self.sock.close()
