"""Hostile portals: each a small 年报 column that tries to steer, bloat or fool the crawler.

This module holds what every hostile portal is built from (the bare 年报
column, a genuine report page, a redirect, the ``HostileCase``) and the
portals that try to lead the crawl off the portal's hosts; those that try
to make it lose reports or bloat it are in ``portals_losses``.

Every builder returns a ``tests.portals.Portal`` whose truth (``reports``)
is what the crawl must record for it, and a ``HostileCase`` saying which
failure the crawl summary must name.  ``away(path)`` is a URL on a host the
crawl must never reach (the watcher, another loopback address); it is read
at request time, when the servers' port is known.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from nianbao.demo.site import HTML, Hit, Reply, Site
from tests.portals import Portal, page, report_text

#: the download limit the hostile crawl runs with (DOWNLOAD_MAXSIZE)
MAX_SIZE = 1_000_000
#: what the crawl runs with: no politeness delays on loopback, a small download limit
CRAWL_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_MAXSIZE": MAX_SIZE,
    "DOWNLOAD_WARNSIZE": 0,
    "DOWNLOAD_TIMEOUT": 30,
}

Away = Callable[[str], str]


@dataclass
class HostileCase:
    portal: Portal
    #: words the site's failures in the crawl summary must contain (None: no failure)
    failure: str | None = None


def report_title(name: str, year: int) -> str:
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
    title = report_title(p.name, year)
    body = f"<h1>{title}</h1><div>{report_text(p.name + '人民政府', year)}</div>"
    p.site.files[path] = (HTML, page(title, body, head=head))
    p.reports[path] = (p.name + "人民政府", year)


def redirect(location: Callable[[], str], status: int = 302) -> Callable[[Hit], Reply]:
    def serve(hit: Hit) -> Reply:
        return Reply(status, HTML, b"", [("Location", location())])

    return serve


# -- item 1: nothing outside the portal's hosts ---------------------------------------------


def robots_redirect_portal(code: str, away: Away) -> HostileCase:
    """robots.txt redirects to another host, once directly and once via its own host."""
    p = column_portal(code, "甲区", [("/nb/2021.html", report_title("甲区", 2021))])
    add_report(p, "/nb/2021.html", 2021)
    p.site.routes["/robots.txt"] = redirect(lambda: "/robots-moved.txt")
    p.site.routes["/robots-moved.txt"] = redirect(lambda: away("/robots.txt"))
    return HostileCase(p)


def home_redirect_portal(code: str, away: Away) -> HostileCase:
    """The home page redirects off the portal to a URL that ends in /robots.txt."""
    p = column_portal(code, "乙区", [])
    p.site.routes["/index.html"] = redirect(lambda: away("/x?y=/robots.txt"))
    return HostileCase(p, failure="off the portal")


def offsite_links_portal(code: str, away: Away, other_report: Callable[[], str]) -> HostileCase:
    """Report links that redirect off the portal, or name loopback hosts no seed names."""
    name = "丙区"
    links = [
        ("/nb/2019.html", report_title(name, 2019)),  # 307 to the watcher
        ("/nb/2018.html", report_title(name, 2018)),  # 301 to another portal's report
        ("/nb/2017.html", report_title(name, 2017)),  # 302 to loopback by name
        ("/nb/2022.html", report_title(name, 2022)),  # genuine
    ]
    p = column_portal(code, name, links)
    add_report(p, "/nb/2022.html", 2022)
    p.site.routes["/nb/2019.html"] = redirect(lambda: away("/nb/2019.html?y=/robots.txt"), 307)
    p.site.routes["/nb/2018.html"] = redirect(other_report, 301)
    p.site.routes["/nb/2017.html"] = redirect(lambda: _respell(away("/c"), "localhost"))
    column = p.site.files.pop("/nb/index.html")[1].decode()

    def listing(hit: Hit) -> Reply:
        # the watcher spelled as a name, a mapped IPv6 address and a decimal number
        tricks = [_respell(away(f"/{n}"), h) for n, h in enumerate(LOOPBACK_SPELLINGS)]
        extra = "".join(
            f'<li><a href="{url}" title="{report_title(name, 2010 + i)}">'
            f"{report_title(name, 2010 + i)}</a></li>"
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
