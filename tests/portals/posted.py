"""Portals whose menus and lists only script builds: menus from data, lists loaded by POST.

``posted_portal``: the home page's menu is an array of objects in its
script, the 政务公开 page writes its menu with ``document.write`` and loads
its 年报 entry by GET from a JSON file its script names, and the
年报 column loads the government's reports by a jQuery form POST (JSON
answer, paged by ``pageNo``) and the departments' by a ``fetch`` POST of a
JSON body (an HTML fragment answer).  Every value the script sends is a
literal or a variable set to one, so no browser is needed.

``signed_portal``: the same column, but the POST carries a value only the
script computes and the menu comes from an URL it assembles: the browser
renders the home page and the column page once each, and the logged POST is
replayed plainly to read the later pages.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from urllib.parse import parse_qs

from nianbao.demo.site import HTML, Hit, Reply, Site
from tests.portals import DECOY_TITLES, Portal, page, report_text

JSON = "application/json;charset=UTF-8"
MENU = [
    ("首页", "/index.html"),
    ("新闻动态", "/xwdt/index.html"),
    ("政务公开", "/zwgk/index.html"),
    ("政务服务", "/zwfw/index.html"),
    ("互动交流", "/hdjl/index.html"),
]


@dataclass
class Column:
    """What the column's endpoints answer, and what they were asked."""

    gov: list[dict[str, str]] = field(default_factory=list)
    depts: list[tuple[str, str]] = field(default_factory=list)
    asked: list[dict[str, list[str]]] = field(default_factory=list)
    asked_depts: list[dict[str, object]] = field(default_factory=list)
    size: int = 4


def _articles(s: Site, p: Portal, region: str) -> Column:
    col = Column()
    n = 0
    for year in (2020, 2021, 2022):
        items = [(f"{region}{year}年政府信息公开工作年度报告", f"{region}人民政府")]
        items += [(DECOY_TITLES[k].format(region=region, year=year), "") for k in (0, 4, 6)]
        for dept in ("发展和改革局", "自然资源局"):
            title = f"{region}{dept}{year}年政府信息公开工作年度报告"
            col.depts.append((f"/xxgk/zfxxgknb/bmnb/post_{9000 + n}.html", title))
            n += 1
        col.depts.append((f"/xxgk/zfxxgknb/bmnb/post_{9000 + n}.html", f"{region}{year}年统计年报"))
        n += 1
        for title, organ in items:
            path = f"/xxgk/zfxxgknb/content/post_{8000 + n}.html"
            n += 1
            col.gov.append({"title": title, "linkUrl": path, "pubDate": f"{year + 1}-03-1{n % 10}"})
            s.files[path] = (HTML, page(title, f"<h1>{title}</h1>{_body(organ, year)}"))
            (p.reports.__setitem__(path, (organ, year)) if organ else p.decoys.add(path))
    for path, title in col.depts:
        organ = title.split("20", 1)[0] if "信息公开" in title else ""
        year = int(title[len(organ) : len(organ) + 4]) if organ else 2021
        s.files[path] = (HTML, page(title, f"<h1>{title}</h1>{_body(organ, year)}"))
        (p.reports.__setitem__(path, (organ, year)) if organ else p.decoys.add(path))
    return col


def _body(organ: str, year: int) -> str:
    return report_text(organ, year) if organ else "<p>正文</p>"


def _menu_script() -> str:
    data = json.dumps([{"name": n, "url": u} for n, u in MENU], ensure_ascii=False)
    return (
        f"<ul id='nav'></ul><script>var NAV_DATA = {data};\n$(function () {{ var h = '';"
        " $.each(NAV_DATA, function (i, n) { h += '<li><a href=\"' + n.url + '\">' + n.name"
        " + '</a></li>'; }); $('#nav').html(h); });</script>"
    )


def _xxgk_page(menu_url: str | None = None) -> bytes:
    """The 政务公开 page: its menu written by ``document.write``, or its 年报 entry loaded by GET."""
    nb = '<li><a href="/xxgk/zfxxgknb/index.html" target="_blank">政府信息公开年报<\\/a></li>'
    loaded = (
        f"$.getJSON('{menu_url}', function (d) {{ $('#side').html($.map(d.children,"
        " function (c) { return '<li><a href=\"' + c.link + '\">' + c.title + '</a></li>'; })"
        ".join('')); });"
        if menu_url
        else f"document.write('{nb}');"
    )
    return page(
        "政府信息公开",
        "<ul class='menu'><script>"
        "document.write('<li><a href=\"/xxgk/zfxxgkzn/index.html\">政府信息公开指南<\\/a></li>');"
        f"{loaded}"
        "document.write('<li><a href=\"/xxgk/tjxx/index.html\">统计信息<\\/a></li>');"
        "</script></ul><ul id='side'></ul>",
    )


def _menu_json() -> bytes:
    children = [
        {"title": "政府信息公开制度", "link": "/xxgk/zfxxgkzd/index.html"},
        {"title": "法定主动公开内容", "link": "/xxgk/fdzdgknr/index.html"},
        {"title": "政府信息公开年报", "link": "/xxgk/zfxxgknb/index.html"},
    ]
    return json.dumps({"id": 12, "title": "政府信息公开", "children": children}).encode()


#: the government list by jQuery: a form POST of literals (and variables set to literals)
JQUERY_CALL = (
    "var SITE_ID = 'fs0757';\n"
    "function loadList(pageNo) {\n  $.ajax({url: '/common/search/getArticleList', type: 'POST',"
    " dataType: 'json',\n    data: {channelId: '1029', siteId: SITE_ID, pageNo: pageNo,"
    " pageSize: 4},\n    success: function (res) { var h = '';"
    " $.each(res.data.rows, function (i, a) { h += '<li><a href=\"' + a.linkUrl"
    " + '\" title=\"' + a.title + '\">' + a.title + '</a><span>' + a.pubDate +"
    " '</span></li>'; }); $('#gov').html(h); layui.laypage.render({elem: 'pager',"
    " count: res.data.total, jump: function (o, first) { if (!first) loadList(o.curr); }});"
    " }\n  });\n}\nloadList(1);\n"
)
#: the same list by plain fetch, its form body assembled with a value only script computes
SIGNED_CALL = (
    "var SITE_ID = 'fs0757';\nfunction sign(n) { return ['a3', 'f9', 'c1'].join(''); }\n"
    "function loadList(pageNo) {\n  fetch('/common/search/getArticleList', {method: 'POST',"
    " headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: 'channelId=1029"
    "&siteId=' + SITE_ID + '&pageNo=' + pageNo + '&pageSize=4&sign=' + sign(pageNo)})"
    ".then(function (r) { return r.json(); }).then(function (res) {"
    " document.getElementById('gov').innerHTML = res.data.rows.map(function (a) {"
    " return '<li><a href=\"' + a.linkUrl + '\" title=\"' + a.title + '\">' + a.title"
    " + '</a></li>'; }).join(''); });\n}\nloadList(1);\n"
)


def _column_script(gov_call: str) -> str:
    return (
        "<ul id='gov'></ul><ul id='bmnb'></ul><div id='pager'></div><script>"
        f"{gov_call}"
        "fetch('/api/xxgk/bmnb/list', {method: 'POST', headers: {'Content-Type':"
        " 'application/json'}, body: JSON.stringify({catalogId: 'bmnb', page: 1, size: 4})})"
        ".then(function (r) { return r.text(); }).then(function (h) {"
        " document.getElementById('bmnb').innerHTML = h; });</script>"
    )


def _routes(s: Site, col: Column, sign: str | None) -> None:
    def gov(hit: Hit) -> Reply:
        form = parse_qs(hit.body.decode())
        col.asked.append(form)
        wanted = {"channelId": "1029", "siteId": "fs0757", **({"sign": sign} if sign else {})}
        if hit.method != "POST" or any(form.get(k) != [v] for k, v in wanted.items()):
            return Reply(200, JSON, b'{"code":500,"msg":"illegal request","data":null}')
        n, size = int(form.get("pageNo", ["1"])[0]), int(form.get("pageSize", ["4"])[0])
        rows = col.gov[(n - 1) * size : n * size]
        data = {"code": 200, "msg": "success", "data": {"total": len(col.gov), "rows": rows}}
        return Reply(200, JSON, json.dumps(data, ensure_ascii=False).encode())

    def depts(hit: Hit) -> Reply:
        try:
            asked = json.loads(hit.body or b"null")
        except ValueError:
            asked = None
        if hit.method != "POST" or not isinstance(asked, dict) or asked.get("catalogId") != "bmnb":
            return Reply(400, "text/plain", b"bad request")
        col.asked_depts.append(asked)
        n, size = int(asked.get("page", 1)), int(asked.get("size", 4))
        lis = "".join(
            f'<li><a href="{path}" title="{title}">{title}</a></li>'
            for path, title in col.depts[(n - 1) * size : n * size]
        )
        pages = -(-len(col.depts) // size)
        pager = f'<div class="page">共{len(col.depts)}条 共{pages}页 <a href="javascript:go(2)">下一页</a></div>'
        return Reply(200, HTML, (lis + pager).encode())

    s.routes["/common/search/getArticleList"] = gov
    s.routes["/api/xxgk/bmnb/list"] = depts


def posted_portal(code: str, region: str) -> Portal:
    s = Site(region)
    p = Portal(s, code, region)
    s.files["/index.html"] = (HTML, page(f"{region}人民政府", _menu_script()))
    s.files["/zwgk/index.html"] = (HTML, _xxgk_page("/zwgk/menu.json"))
    s.files["/zwgk/menu.json"] = (JSON, _menu_json())
    col = _articles(s, p, region)
    p.state = col
    jquery = '<script src="/js/jquery.min.js"></script><script src="/js/layui.js"></script>'
    column = page("政府信息公开年报", _column_script(JQUERY_CALL), head=jquery)
    s.files["/xxgk/zfxxgknb/index.html"] = (HTML, column)
    _routes(s, col, None)
    return p


def signed_portal(code: str, region: str) -> Portal:
    s = Site(region)
    p = Portal(s, code, region, needs_browser=True)
    menu = json.dumps([{"name": n, "url": u} for n, u in MENU], ensure_ascii=False)
    home = (
        "<ul id='nav'></ul><script>var SITE = 'fs' + (750 + 7);\n"
        "fetch('/api/site/' + SITE + '/menu').then(function (r) { return r.json(); })"
        ".then(function (d) { document.getElementById('nav').innerHTML = d.map(function (n) {"
        " return '<li><a href=\"' + n.url + '\">' + n.name + '</a></li>'; }).join(''); });</script>"
    )
    s.files["/index.html"] = (HTML, page(f"{region}人民政府", home))
    s.files["/api/site/fs757/menu"] = (JSON, menu.encode())
    s.files["/zwgk/index.html"] = (HTML, _xxgk_page())
    col = _articles(s, p, region)
    p.state = col
    column = page("政府信息公开年报", _column_script(SIGNED_CALL))
    s.files["/xxgk/zfxxgknb/index.html"] = (HTML, column)
    _routes(s, col, "a3f9c1")
    return p
