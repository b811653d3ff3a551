"""Hostile portals: each a small 年报 column that tries to steer, bloat or fool the crawler.

Every builder returns a ``tests.portals.Portal`` whose truth (``reports``)
is what the crawl must record for it, and a ``HostileCase`` saying which
failure the crawl summary must name.  ``away(path)`` is a URL on a host the
crawl must never reach (the watcher, another loopback address); it is read
at request time, when the servers' port is known.
"""

from __future__ import annotations

import gzip
import socket
import threading
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import brotli

from nianbao.demo.site import Hit, Reply, Site
from tests.portals import Portal, page, pdf, report_text

HTML = "text/html; charset=utf-8"
#: the download limit the hostile crawl runs with (DOWNLOAD_MAXSIZE)
MAX_SIZE = 1_000_000
#: a compression bomb inflates to this: far over the limit, a few KB on the wire
BOMB_SIZE = 32 * MAX_SIZE

Away = Callable[[str], str]


@dataclass
class HostileCase:
    portal: Portal
    #: words the site's failures in the crawl summary must contain (None: no failure)
    failure: str | None = None


def _report_title(name: str, year: int) -> str:
    return f"{name}{year}年政府信息公开工作年度报告"


def column_portal(code: str, name: str, links: list[tuple[str, str]]) -> Portal:
    """home → 政府信息公开年报 column listing ``links`` (href, title); nothing else."""
    s = Site(name)
    p = Portal(s, code, name)
    s.files["/index.html"] = (HTML, page(name, '<a href="/nb/index.html">政府信息公开年报</a>'))
    items = "".join(f'<li><a href="{href}" title="{t}">{t}</a></li>' for href, t in links)
    s.files["/nb/index.html"] = (HTML, page("政府信息公开年报", f'<ul class="list">{items}</ul>'))
    return p


def add_report(p: Portal, path: str, year: int, head: str = "") -> None:
    """A genuine report page at ``path`` (in the truth)."""
    title = _report_title(p.name, year)
    body = f"<h1>{title}</h1><div>{report_text(p.name + '人民政府', year)}</div>"
    p.site.files[path] = (HTML, page(title, body, head=head))
    p.reports[path] = (p.name + "人民政府", year)


def _redirect(location: Callable[[], str], status: int = 302) -> Callable[[Hit], Reply]:
    def serve(hit: Hit) -> Reply:
        return Reply(status, HTML, b"", [("Location", location())])

    return serve


# -- item 1: nothing outside the portal's hosts ---------------------------------------------


def robots_redirect_portal(code: str, away: Away) -> HostileCase:
    """robots.txt redirects to another host, once directly and once via its own host."""
    p = column_portal(code, "甲区", [("/nb/2021.html", _report_title("甲区", 2021))])
    add_report(p, "/nb/2021.html", 2021)
    p.site.routes["/robots.txt"] = _redirect(lambda: "/robots-moved.txt")
    p.site.routes["/robots-moved.txt"] = _redirect(lambda: away("/robots.txt"))
    return HostileCase(p)


def home_redirect_portal(code: str, away: Away) -> HostileCase:
    """The home page redirects off the portal to a URL that ends in /robots.txt."""
    p = column_portal(code, "乙区", [])
    p.site.routes["/index.html"] = _redirect(lambda: away("/x?y=/robots.txt"))
    return HostileCase(p, failure="off the portal")


def offsite_links_portal(code: str, away: Away, other_report: Callable[[], str]) -> HostileCase:
    """Report links that redirect off the portal, or name loopback hosts no seed names."""
    name = "丙区"
    links = [
        ("/nb/2019.html", _report_title(name, 2019)),  # 307 to the watcher
        ("/nb/2018.html", _report_title(name, 2018)),  # 301 to another portal's report
        ("/nb/2017.html", _report_title(name, 2017)),  # 302 to loopback by name
        ("/nb/2022.html", _report_title(name, 2022)),  # genuine
    ]
    p = column_portal(code, name, links)
    add_report(p, "/nb/2022.html", 2022)
    p.site.routes["/nb/2019.html"] = _redirect(lambda: away("/nb/2019.html?y=/robots.txt"), 307)
    p.site.routes["/nb/2018.html"] = _redirect(other_report, 301)
    p.site.routes["/nb/2017.html"] = _redirect(lambda: _respell(away("/c"), "localhost"))
    column = p.site.files.pop("/nb/index.html")[1].decode()

    def listing(hit: Hit) -> Reply:
        # the watcher spelled as a name, a mapped IPv6 address and a decimal number
        tricks = [_respell(away(f"/{n}"), h) for n, h in enumerate(LOOPBACK_SPELLINGS)]
        extra = "".join(
            f'<li><a href="{url}" title="{_report_title(name, 2010 + i)}">'
            f"{_report_title(name, 2010 + i)}</a></li>"
            for i, url in enumerate(tricks)
        )
        return Reply(200, HTML, column.replace("</ul>", extra + "</ul>").encode())

    p.site.routes["/nb/index.html"] = listing
    return HostileCase(p)


#: other spellings of 127.0.0.59, the watcher's address
LOOPBACK_SPELLINGS = ["localhost", "[::ffff:127.0.0.59]", "2130706491", "0x7f00003b"]


def _respell(url: str, host: str) -> str:
    parts = urlsplit(url)
    return parts._replace(netloc=f"{host}:{parts.port}").geturl()


def refresh_home_portal(code: str, away: Away) -> HostileCase:
    """The home page's meta refresh points off the portal: not followed, and said so."""
    p = column_portal(code, "丁区", [])

    def home(hit: Hit) -> Reply:
        head = f'<meta http-equiv="refresh" content="0;url={away("/moved")}">'
        return Reply(200, HTML, page("丁区", "<p>本站已迁移</p>", head=head))

    p.site.routes["/index.html"] = home
    return HostileCase(p, failure="meta refresh")


# -- item 6: no silent losses ---------------------------------------------------------------


def refresh_report_portal(code: str, away: Away) -> HostileCase:
    """A report page whose meta refresh points off the portal: still recorded as a report."""
    p = column_portal(code, "戊区", [("/nb/2021.html", _report_title("戊区", 2021))])
    add_report(p, "/nb/2021.html", 2021)
    ctype, body = p.site.files.pop("/nb/2021.html")

    def report(hit: Hit) -> Reply:
        tag = f'<meta http-equiv="refresh" content="1; url={away("/spam.html")}">'
        return Reply(200, ctype, body.replace(b"</head>", tag.encode() + b"</head>"))

    p.site.routes["/nb/2021.html"] = report
    return HostileCase(p)


def redirect_loop_portal(code: str) -> HostileCase:
    p = column_portal(code, "己区", [])
    p.site.routes["/index.html"] = _redirect(lambda: "/home/")
    p.site.routes["/home/"] = _redirect(lambda: "/index.html")
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
    p = column_portal(code, name, [("/nb/2021.html", _report_title(name, 2021))])
    reply = Reply(200, HTML, _bomb(encoding), [("Content-Encoding", encoding)])
    if where == "home":
        p.site.routes["/index.html"] = lambda hit: reply
    elif where == "report":
        p.site.routes["/nb/2021.html"] = lambda hit: reply
    else:  # the report says 详见附件; its PDF is the bomb
        title = _report_title(name, 2021)
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
    title = _report_title(name, 2021)
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
        ("/nb/2021.html", _report_title(name, 2021)),
        ("/nb/2020.pdf", _report_title(name, 2020)),
        ("/nb/2019.html", _report_title(name, 2019)),
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
