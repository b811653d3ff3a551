"""A simulated portal and the TRS-style pages portals are made of.

A :class:`Site` is a portal's files and its dynamic routes and guard, seen
through the requests it gets (:class:`Hit`) and answered with :class:`Reply`;
:func:`add_article`, :func:`add_list` and :func:`attachment_pdf` build the
pages of a TRS site (an article with its meta tags, a column's list with a pager,
a PDF attachment).  The demo portal (:mod:`nianbao.demo.hailin_portal`) and every
test portal are built from these pieces, so they are kept apart from any one
portal; the figures of the demo's reports are :mod:`nianbao.demo.report_cells`.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

HTML = "text/html; charset=utf-8"


@dataclass
class Hit:
    """One request as a dynamic route sees it (method, path, query, headers, body)."""

    method: str
    path: str
    query: str
    headers: dict[str, str]
    body: bytes

    def cookie(self, name: str) -> str | None:
        for part in self.headers.get("cookie", "").split(";"):
            key, _, value = part.strip().partition("=")
            if key == name:
                return value
        return None


@dataclass
class Reply:
    status: int
    content_type: str
    body: bytes
    headers: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Site:
    """Files of one simulated portal: path → (content type, bytes).

    ``routes`` answer a path dynamically (POST list proxies, JSON APIs,
    redirects); ``guard`` sees every request first and may answer instead
    (an anti-bot challenge).
    """

    name: str
    files: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    #: seconds to wait before each answer (a slow portal, for interruption tests)
    delay: float = 0.0
    routes: dict[str, Callable[[Hit], Reply]] = field(default_factory=dict)
    guard: Callable[[Hit], Reply | None] | None = None

    def add_html(self, path: str, title: str, body: str, meta: str = "") -> None:
        page = (
            '<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            f"<title>{title}</title>{meta}</head>\n<body>\n"
            f'<div class="header"><a href="/index.html">首页</a> 设为首页 加入收藏 无障碍阅读</div>\n'
            f'{body}\n<div class="footer">主办：{self.name}  扫一扫在手机打开当前页</div>\n'
            "</body></html>\n"
        )
        self.files[path] = (HTML, page.encode("utf-8"))


def add_article(site: Site, path: str, title: str, date: str, body: str) -> None:
    meta = (
        f'<meta name="ArticleTitle" content="{title}"><meta name="PubDate" content="{date}">'
        f'<meta name="ContentSource" content="{site.name}">'
    )
    site.add_html(
        path,
        title,
        f'<h1>{title}</h1>\n<div class="info">发布日期：{date}  来源：{site.name}'
        f'  浏览次数：<span>128</span></div>\n<div class="TRS_Editor">{body}</div>',
        meta,
    )


def add_list(site: Site, path: str, items: list[tuple[str, str, str]], pager: str) -> None:
    lis = "\n".join(
        f'<li><a href="{href}" title="{t}" target="_blank">{t if len(t) <= 20 else t[:18] + "…"}</a>'
        f"<span>{d}</span></li>"
        for href, t, d in items
    )
    site.add_html(
        path,
        "政府信息公开年报",
        f'<h2>政府信息公开年报</h2>\n<ul class="list">\n{lis}\n</ul>\n{pager}',
    )


def attachment_pdf(title: str, lines: list[str]) -> bytes:
    """A small text PDF (reportlab, invariant so the bytes never change)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=1)
    pdf.setTitle(title)
    y = 800
    pdf.setFont("STSong-Light", 14)
    pdf.drawString(60, y, title)
    pdf.setFont("STSong-Light", 10)
    for line in lines:
        y -= 16
        pdf.drawString(60, y, line)
    pdf.save()
    return buf.getvalue()
