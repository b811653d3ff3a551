"""The demo portal: a small TRS-style government site with reports, an attachment and decoys.

``nianbao demo`` serves it on 127.0.0.1 and the tests crawl the very same
site, so what the README promises is what the suite checks.  Everything is
generated deterministically: the same bytes on every run, so a second crawl
finds every payload unchanged.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field

from nianbao.demo.report_html import APPLICANTS, report_body

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


def request_cells(
    new: list[int], granted: list[int], withheld4: list[int]
) -> dict[str, int | None]:
    """A consistent 三 table: granted + 不予公开(4) = total = new, nothing carried."""
    cells: dict[str, int | None] = {}
    for row in (
        "new",
        "carried_over",
        "granted",
        "partial",
        "total",
        "carried_forward",
        *(f"withheld.{i}" for i in range(1, 9)),
        *(f"unavailable.{i}" for i in range(1, 4)),
        *(f"not_processed.{i}" for i in range(1, 6)),
    ):
        for a in APPLICANTS:
            cells[f"requests.{row}.{a}"] = 0
    for i, a in enumerate(APPLICANTS[:-1]):
        cells[f"requests.new.{a}"] = new[i]
        cells[f"requests.granted.{a}"] = granted[i]
        cells[f"requests.withheld.4.{a}"] = withheld4[i]
        cells[f"requests.total.{a}"] = granted[i] + withheld4[i]
    for row in ("new", "granted", "withheld.4", "total"):
        cells[f"requests.{row}.total"] = sum(
            cells[f"requests.{row}.{a}"] or 0 for a in APPLICANTS[:-1]
        )
    for g in ("review", "litigation_direct", "litigation_after_review"):
        for p in ("upheld", "corrected", "other", "pending", "total"):
            cells[f"{g}.{p}"] = 0
    cells["review.upheld"] = 1
    cells["review.total"] = 1
    return cells


def report_2020() -> dict[str, int | float | None]:
    c: dict[str, int | float | None] = {
        "proactive.rules.made": 0,
        "proactive.rules.published": 0,
        "proactive.rules.total": 0,
        "proactive.normative.made": 2,
        "proactive.normative.published": 2,
        "proactive.normative.total": 10,
        "proactive.licensing.prev_items": 299,
        "proactive.licensing.change": -25,
        "proactive.licensing.decisions": 22306,
        "proactive.other_services.prev_items": 61,
        "proactive.other_services.change": 1,
        "proactive.other_services.decisions": 2475,
        "proactive.penalty.prev_items": 1740,
        "proactive.penalty.change": -16,
        "proactive.penalty.decisions": 1409,
        "proactive.coercion.prev_items": 54,
        "proactive.coercion.change": 9,
        "proactive.coercion.decisions": 687,
        "proactive.fees.prev_items": 23,
        "proactive.fees.change": 0,
        "proactive.procurement.projects": 240,
        "proactive.procurement.amount": 2196.24,
    }
    c.update(request_cells([3, 0, 0, 0, 1, 0], [3, 0, 0, 0, 1, 0], [0, 0, 0, 0, 0, 0]))
    for i in range(1, 4):
        c.pop(f"requests.other.{i}.total", None)
    for a in APPLICANTS:
        c[f"requests.other.{a}"] = 0
    return c


def report_2019() -> dict[str, int | float | None]:
    c = report_2020()
    c.update(
        {
            "proactive.licensing.prev_items": 310,
            "proactive.licensing.change": -11,
            "proactive.licensing.decisions": 19870,
            "proactive.procurement.projects": 198,
            "proactive.procurement.amount": 1850.5,
        }
    )
    return c


def report_2021() -> dict[str, int | float | None]:
    c: dict[str, int | float | None] = {
        "proactive.rules.issued": 0,
        "proactive.rules.repealed": 0,
        "proactive.rules.in_force": 0,
        "proactive.normative.issued": 4,
        "proactive.normative.repealed": 1,
        "proactive.normative.in_force": 13,
        "proactive.licensing.decisions": 20417,
        "proactive.penalty.decisions": 1288,
        "proactive.coercion.decisions": 402,
        "proactive.fees.amount": 318.5,
    }
    c.update(request_cells([5, 1, 0, 0, 0, 0], [4, 1, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0]))
    for i in range(1, 4):
        for a in APPLICANTS:
            c[f"requests.other.{i}.{a}"] = 0
    return c


def _article(site: Site, path: str, title: str, date: str, body: str) -> None:
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


def _list(site: Site, path: str, items: list[tuple[str, str, str]], pager: str) -> None:
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


def hailin_site() -> Site:
    """海林市人民政府's portal: home → 政务公开 → 年报 column (2 list pages) → reports."""
    s = Site("海林市人民政府")
    s.files["/robots.txt"] = ("text/plain", b"User-agent: *\nDisallow: /admin/\n")
    s.add_html(
        "/index.html",
        "中国海林",
        (
            '<ul class="nav"><li><a href="/index.html">首页</a></li>'
            '<li><a href="/xwzx/index.html">新闻中心</a></li>'
            '<li><a href="/zwgk/index.html">政务公开</a></li>'
            '<li><a href="/admin/index.html">政务公开后台</a></li></ul>\n'
            '<p>友情链接：<a href="http://127.0.0.99:8765/zwgk/xxgknb/">海林市政府信息公开年报（镜像）</a></p>'
        ),
    )
    s.files["/"] = s.files["/index.html"]
    s.add_html("/xwzx/index.html", "新闻中心", "<p>今日海林</p>")
    s.add_html(
        "/admin/index.html", "后台", '<a href="/admin/secret_nb.html">政府信息公开年报管理</a>'
    )
    s.add_html(
        "/zwgk/index.html",
        "政府信息公开",
        (
            '<ul><li><a href="/zwgk/zn/index.html">政府信息公开指南</a></li>'
            '<li><a href="/zwgk/xxgknb/index.html">政府信息公开年报</a></li>'
            '<li><a href="/zwgk/tjxx/index.html">统计信息</a></li></ul>'
        ),
    )
    s.add_html("/zwgk/zn/index.html", "政府信息公开指南", "<p>指南正文</p>")
    s.add_html(
        "/zwgk/tjxx/index.html",
        "统计信息",
        '<a href="./202103/t20210310_0970.html">海林市2020年国民经济和社会发展统计公报</a>',
    )
    s.add_html("/zwgk/tjxx/202103/t20210310_0970.html", "统计公报", "<p>统计公报正文</p>")
    base = "/zwgk/xxgknb"
    _list(
        s,
        f"{base}/index.html",
        [
            ("./202202/t20220128_1002.html", "海林市2021年政府信息公开工作年度报告", "2022-01-28"),
            (
                "./202102/t20210201_1001.html",
                "海林市2020年度政府信息公开工作年度报告",
                "2021-02-01",
            ),
            ("./202101/t20210115_0998.html", "海林市2020年政府网站工作年度报表", "2021-01-15"),
            ("./202003/t20200331_0900.html", "海林市2019年政府信息公开工作年度报告", "2020-03-31"),
            (
                "./202012/t20201210_0999.html",
                "关于做好2020年政府信息公开工作年度报告编制发布工作的通知",
                "2020-12-10",
            ),
        ],
        '<div class="page"><a href="index_1.html">下一页</a> <a href="index_1.html">尾页</a></div>',
    )
    _list(
        s,
        f"{base}/index_1.html",
        [
            (
                "./202101/t20210120_0990.html",
                "海林市财政局2020年政府信息公开工作年度报告",
                "2021-01-20",
            ),
            ("./202101/t20210118_0991.html", "海林市2020年度企业年报公示工作提示", "2021-01-18"),
        ],
        '<div class="page"><a href="index.html">上一页</a> <a href="index.html">首页</a></div>',
    )
    _article(
        s,
        f"{base}/202102/t20210201_1001.html",
        "海林市2020年度政府信息公开工作年度报告",
        "2021-02-01",
        report_body("海林市人民政府", 2020, "2019", report_2020()),
    )
    _article(
        s,
        f"{base}/202003/t20200331_0900.html",
        "海林市2019年政府信息公开工作年度报告",
        "2020-03-31",
        report_body("海林市人民政府", 2019, "2019", report_2019()),
    )
    _article(
        s,
        f"{base}/202202/t20220128_1002.html",
        "海林市2021年政府信息公开工作年度报告",
        "2022-01-28",
        report_body("海林市人民政府", 2021, "2021", report_2021()),
    )
    _article(
        s,
        f"{base}/202101/t20210115_0998.html",
        "海林市2020年政府网站工作年度报表",
        "2021-01-15",
        "<p>政府网站工作年度报表</p>",
    )
    _article(
        s,
        f"{base}/202012/t20201210_0999.html",
        "关于做好2020年政府信息公开工作年度报告编制发布工作的通知",
        "2020-12-10",
        "<p>各单位：……</p>",
    )
    _article(
        s,
        f"{base}/202101/t20210118_0991.html",
        "海林市2020年度企业年报公示工作提示",
        "2021-01-18",
        "<p>企业年报</p>",
    )
    _article(
        s,
        f"{base}/202101/t20210120_0990.html",
        "海林市财政局2020年政府信息公开工作年度报告",
        "2021-01-20",
        '<p>详见附件。</p><p>附件：<a href="./P020210120_caizheng.pdf">'
        "海林市财政局2020年政府信息公开工作年度报告.pdf</a></p>",
    )
    s.files[f"{base}/202101/P020210120_caizheng.pdf"] = (
        "application/pdf",
        attachment_pdf(
            "海林市财政局2020年政府信息公开工作年度报告",
            [
                "一、总体情况",
                "2020年，海林市财政局认真贯彻落实政务公开工作要点。",
                "二、主动公开政府信息情况",
                "三、收到和处理政府信息公开申请情况",
                "2020年，本机关未收到政府信息公开申请。",
            ],
        ),
    )
    return s


#: the demo's portals: address → site
def demo_sites() -> dict[str, Site]:
    return {"127.0.0.1": hailin_site()}


DEMO_SEEDS_ROWS = [("231083", "海林市", "county", "231000", "127.0.0.1")]
