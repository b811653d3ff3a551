"""Portals whose lists are plain HTML pages: TRS WCM and an old GBK site.

``trs_portal``: a TRS WCM column whose pager is only in ``createPageHTML``
and one of whose reports' PDF is named only in a script variable.
``gbk_portal``: an old portal in GBK without a declaration, with frames,
``window.open``, ``../`` links and cut titles (``gzipped_gbk_portal``: the
same behind a server that compresses every page and calls it UTF-8).
Hanweb jcms and the xxgk JSON API, whose lists come as data, are in
``hanweb_xxgk``.
"""

from __future__ import annotations

from nianbao.demo.site import HTML, Hit, Reply, Site
from tests.portals import DECOY_TITLES, Portal, column_items, page, pdf, report_text


def trs_portal(
    code: str,
    region: str,
    years: range = range(2020, 2023),
    per: int = 8,
    departments: tuple[str, ...] = ("财政局", "教育局"),
    decoys: int = len(DECOY_TITLES),
) -> Portal:
    """TRS WCM: pager only in ``createPageHTML``; one report's PDF only in a script variable."""
    s = Site(region)
    p = Portal(s, code, region)
    s.files["/index.html"] = (HTML, page(region, '<a href="/zwgk/index.html">政务公开</a>'))
    s.files["/zwgk/index.html"] = (
        HTML,
        page("政务公开", '<a href="/zwgk/xxgknb/index.html">政府信息公开年报</a>'),
    )
    items = column_items(region, years, list(departments), decoys)
    # a department's report titled without its name: ContentSource names the organ
    items.insert(1, (f"{years[-1]}年政府信息公开工作年度报告", f"{region}审计局", years[-1]))
    pages = [items[i : i + per] for i in range(0, len(items), per)]
    for n, chunk in enumerate(pages):
        lis = []
        for k, (title, organ, year) in enumerate(chunk):
            href = f"./{year + 1}01/t{year + 1}01{n:02d}_{n * 100 + k}.html"
            shown = title if len(title) <= 16 else title[:15] + "…"
            lis.append(f'<li><a href="{href}" title="{title}">{shown}</a></li>')
            path = "/zwgk/xxgknb" + href[1:]
            if organ and k % 3 == 1:  # 详见附件: the body is a PDF named only in a script
                pdf_path = path.rsplit("/", 1)[0] + f"/P0{year + 1}0120{n}{k}.pdf"
                body = (
                    f"<p>详见附件。</p><script>var fileUrl = './{pdf_path.rsplit('/', 1)[1]}';"
                    "document.write('<a href=\"' + fileUrl + '\">附件</a>');</script>"
                )
                s.files[pdf_path] = ("application/pdf", pdf(title))
                p.attachments.add(pdf_path)
            else:
                body = report_text(organ, year) if organ else "<p>正文</p>"
            source = organ if organ and not title.startswith(region) else f"{region}人民政府网"
            meta = (
                f'<meta name="ArticleTitle" content="{title}">'
                f'<meta name="ContentSource" content="{source}">'
            )
            s.files[path] = (HTML, page(title, f'<div class="TRS_Editor">{body}</div>', head=meta))
            (p.reports.__setitem__(path, (organ, year)) if organ else p.decoys.add(path))
        pager = (
            f'<script>createPageHTML({len(pages)}, {n}, "index", "html");</script>'
            if n % 2 == 0
            else f"<script>var countPage = {len(pages)};var currentPage = {n};"
            "createPageHTML('page_div', countPage, currentPage, 'index', 'html');</script>"
        )
        name = "index.html" if n == 0 else f"index_{n}.html"
        s.files[f"/zwgk/xxgknb/{name}"] = (
            HTML,
            page(
                "政府信息公开年报",
                f'<ul class="list">{"".join(lis)}</ul><div id="page_div"></div>{pager}',
            ),
        )
    return p


def gbk_portal(code: str, region: str) -> Portal:
    """An old portal: GBK without a declaration, frames, ``window.open``, ``../`` and cut titles."""
    s = Site(region)
    p = Portal(s, code, region)
    gb = "text/html"  # no charset in the header either
    s.files["/index.html"] = (
        gb,
        f'<html><head><title>{region}人民政府</title></head><frameset rows="80,*">'
        '<frame src="top.html"><frame src="main/main.html"></frameset></html>'.encode("gbk"),
    )
    s.files["/top.html"] = (gb, page(region, "<p>欢迎访问</p>", charset=None))
    s.files["/main/main.html"] = (
        gb,
        page(
            "首页",
            '<a href="#" onclick="window.open(\'../gk/nb/list.html\')">政府信息公开年报</a>',
            charset=None,
        ),
    )
    lis = []
    for i, (title, organ, year) in enumerate(column_items(region, range(2020, 2022), ["卫健局"])):
        path = f"/gk/nb/{year + 1}/{i}.html"
        shown = title[:14] + "…"
        attr = f' title="{title}"' if i % 2 else ""  # half the cut titles have no title attribute
        lis.append(f'<li><a href="./{year + 1}/{i}.html"{attr}>{shown}</a></li>')
        body = report_text(organ, year) if organ else "<p>正文</p>"
        s.files[path] = (gb, page(title, f"<h1>{title}</h1>{body}", charset="gb2312"))
        (p.reports.__setitem__(path, (organ, year)) if organ else p.decoys.add(path))
    s.files["/gk/nb/list.html"] = (gb, page("年报", f"<ul>{''.join(lis)}</ul>", charset="gb2312"))
    return p


def gzipped_gbk_portal(code: str, region: str) -> Portal:
    """The old GBK portal behind a server that compresses every page and calls it UTF-8."""
    import gzip

    p = gbk_portal(code, region)
    for path, (_, data) in list(p.site.files.items()):

        def serve(hit: Hit, data: bytes = data) -> Reply:
            encoded = [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
            return Reply(200, "text/html; charset=utf-8", gzip.compress(data), encoded)

        p.site.routes[path] = serve
        del p.site.files[path]
    return p
