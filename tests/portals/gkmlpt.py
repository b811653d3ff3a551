"""A Guangdong gkmlpt portal, built as the platform serves its pages.

``/gkmlpt/index`` is a shell whose ``window._CONFIG`` holds the site id and
the category tree; lists come from ``/gkmlpt/api/all/<catid>?page=N&sid=…``
(``total``, ``articles[]`` with absolute URLs); each article is a shell
whose ``window._CONFIG.DETAIL`` JSON (escaped as PHP's ``json_encode``
writes it) holds title, dates, publisher, the ``content`` HTML and the
``attachment`` list; attachments are ``/attachment/0/<n>/<id>.pdf``.
The 年报 column (government and department sub-columns) is full of
look-alikes, and the tree has look-alike columns (统计年报, 政府网站工作年度报表).
With ``entry="annualreport"`` the 年报 column is not in the tree: the home
page links it as the hash route ``/gkmlpt/annualreport#3020``, a shell that
names the site id only, and the API answers the parent category with the
posts of both sub-columns.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import parse_qs

from nianbao.demo.report_cells import report_2020, report_2021
from nianbao.demo.report_html import report_body
from nianbao.demo.site import HTML, Hit, Reply, Site
from tests.portals import DECOY_TITLES, Portal, page, pdf, report_text

JSON = "application/json; charset=utf-8"
SID = "757013"
REPORTS_CAT, GOV_CAT, DEPT_CAT, STATS_CAT = 3020, 3021, 3022, 2142
PAGE_SIZE = 5
_CHINA = timezone(timedelta(hours=8))


def _epoch(day: str) -> int:
    return int(datetime.fromisoformat(day).replace(tzinfo=_CHINA).timestamp())


def tree(with_reports: bool = True) -> list[dict[str, Any]]:
    """The category tree as the platform's config states it, look-alike columns included."""

    def node(cid: int, name: str, children: list[Any] | None = None, **more: Any) -> dict[str, Any]:
        return {"id": cid, "name": name, "parent": 0, "children": children or [], **more}

    return [
        node(2001, "机构职能", [node(2011, "机构概况"), node(2012, "领导分工")]),
        node(2002, "政策文件", [node(2021, "规范性文件"), node(2022, "政策解读")]),
        node(2003, "规划信息"),
        node(2004, "财政信息", [node(2041, "部门预算决算")]),
        node(2005, "统计信息", [node(2141, "统计公报"), node(STATS_CAT, "统计年报")]),
        node(2006, "政府网站工作年度报表"),
        node(2007, "政府信息公开指南", jump_url="/gkmlpt/guide"),
        *(
            [
                node(
                    REPORTS_CAT,
                    "政府信息公开年报",
                    [node(GOV_CAT, "区政府年报"), node(DEPT_CAT, "部门年报")],
                )
            ]
            if with_reports
            else []
        ),
    ]


@dataclass
class Gkmlpt:
    """The platform's data: posts by category; pages and API answers are built from it."""

    site: Site
    portal: Portal
    region: str
    posts: dict[int, dict[str, Any]] = field(default_factory=dict)
    categories: dict[int, list[int]] = field(default_factory=dict)

    def add(
        self, cat: int, title: str, day: str, content: str, organ: str = "", files: int = 0
    ) -> str:
        """Post an article (newest first in its column); returns its path."""
        pid = 4_012_000 + len(self.posts) * 7
        path = f"/gkmlpt/content/{pid // 1_000_000}/{pid // 1000}/post_{pid}.html"
        attachments = []
        for k in range(files):
            att = f"/attachment/0/{pid // 1000}/{pid * 10 + k}.pdf"
            self.site.files[att] = ("application/pdf", pdf(title))
            attachments.append({"id": pid * 10 + k, "name": f"{title}.pdf", "url": att})
            self.portal.attachments.add(att)
        when = _epoch(day)
        self.posts[pid] = {
            "id": pid,
            "title": title,
            "identifier": f"11440604MB2C14281X/{day[:4]}-{len(self.posts):05d}",
            "document_number": "",
            "publisher": organ or f"{self.region}人民政府办公室",
            "date": when,
            "first_publish_time": when,
            "display_publish_time": when,
            "classify_main_name": "政府信息公开年报",
            "keywords": "",
            "content": content,
            "attachment": attachments,
            "path": path,
        }
        self.categories.setdefault(cat, []).insert(0, pid)
        self.site.routes[path] = self._article(pid)
        return path

    def _article(self, pid: int):  # type: ignore[no-untyped-def]
        def serve(hit: Hit) -> Reply:
            origin = f"http://{hit.headers.get('host', '')}"
            post = dict(self.posts[pid])
            post.pop("path")
            post["attachment"] = [{**a, "url": origin + a["url"]} for a in post["attachment"]]
            data = json.dumps(post, ensure_ascii=True, separators=(",", ":"))
            # as PHP's json_encode writes it: slashes and tags escaped
            data = data.replace("/", "\\/").replace("<", "\\u003C").replace(">", "\\u003E")
            shell = (
                '<!DOCTYPE html><html><head><meta charset="utf-8">'
                f"<title>{self.region}人民政府门户网站</title>"
                '<link rel="stylesheet" href="/gkmlpt/static/css/app.css"></head><body>'
                '<div id="app"></div><script>window._CONFIG = {SID: '
                f"'{SID}', SITE_NAME: '{self.region}人民政府', SERVICE_AREA_ID: 12}};\n"
                f"window._CONFIG.DETAIL = {data};</script>"
                '<script src="/gkmlpt/static/js/detail.js"></script></body></html>'
            )
            return Reply(200, HTML, shell.encode("utf-8"))

        return serve

    def api(self, hit: Hit) -> Reply:
        query = parse_qs(hit.query)
        if query.get("sid") != [SID]:
            return Reply(200, JSON, b'{"error":"site not found","articles":[]}')
        cat = int(hit.path.rsplit("/", 1)[1])
        cats = (
            (GOV_CAT, DEPT_CAT) if cat == REPORTS_CAT else (cat,)
        )  # a parent lists its children's
        pids = sorted(
            (pid for c in cats for pid in self.categories.get(c, [])),
            key=lambda pid: -self.posts[pid]["date"],
        )
        n = int(query.get("page", ["1"])[0])
        origin = f"http://{hit.headers.get('host', '')}"
        articles = [
            {
                **{k: v for k, v in self.posts[pid].items() if k not in ("content", "path")},
                "url": origin + self.posts[pid]["path"],
                "post_url": origin + self.posts[pid]["path"],
                "attachment": [],
            }
            for pid in pids[(n - 1) * PAGE_SIZE : n * PAGE_SIZE]
        ]
        classify = {"id": cat, "name": "", "post_count": len(pids)}
        data = {"classify": classify, "articles": articles, "total": len(pids)}
        return Reply(200, JSON, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def _shell(title: str, config: str, app: str) -> bytes:
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>'
        '<link rel="stylesheet" href="/gkmlpt/static/css/app.css"></head><body>'
        f'<div id="app"></div><script>window._CONFIG = {{\n{config}\n}};</script>'
        f'<script src="/gkmlpt/static/js/{app}.js"></script></body></html>'
    ).encode()


def gkmlpt_portal(code: str = "440604", region: str = "禅城区", entry: str = "index") -> Portal:
    s = Site(region)
    p = Portal(s, code, region)
    g = Gkmlpt(s, p, region)
    p.state = g
    annual = (
        f'<li><a href="/gkmlpt/annualreport#{REPORTS_CAT}">政府信息公开年报</a></li>'
        if entry == "annualreport"
        else ""
    )
    s.files["/index.html"] = (
        HTML,
        page(
            f"{region}人民政府门户网站",
            '<ul class="nav"><li><a href="/xwzx/index.html">新闻中心</a></li>'
            f'<li><a href="/gkmlpt/index">政府信息公开</a></li>{annual}'
            '<li><a href="/hdjl/index.html">互动交流</a></li></ul>',
        ),
    )
    s.files["/gkmlpt/annualreport"] = (
        HTML,
        _shell("政府信息公开年报", f"  SID: '{SID}',\n  SITE_NAME: '{region}人民政府'", "annual"),
    )
    config = json.dumps(tree(entry != "annualreport"), ensure_ascii=False)
    s.files["/gkmlpt/index"] = (
        HTML,
        _shell(
            "政府信息公开",
            f"  SID: '{SID}',\n  SITE_NAME: '{region}人民政府',\n  TREE: {config},\n"
            "  SERVICE_AREA_ID: 12,\n  IS_SEARCH: true",
            "index",
        ),
    )
    s.files["/gkmlpt/static/js/index.js"] = ("application/javascript", b"/* the app */")
    nodes = tree()
    while nodes:  # the API answers for every category, empty or not
        node = nodes.pop()
        s.routes[f"/gkmlpt/api/all/{node['id']}"] = g.api
        nodes.extend(node["children"])
    gov = f"{region}人民政府"
    for year, cells, template in ((2020, report_2020(), "2019"), (2021, report_2021(), "2021")):
        path = g.add(
            GOV_CAT,
            f"{region}{year}年政府信息公开工作年度报告",
            f"{year + 1}-03-2{year % 10}",
            report_body(gov, year, template, cells),
        )
        p.reports[path] = (gov, year)
    for decoy in DECOY_TITLES[:1] + DECOY_TITLES[-1:]:
        p.decoys.add(g.add(GOV_CAT, decoy.format(region=region, year=2021), "2022-01-10", "正文"))
    for i, dept in enumerate(("教育局", "卫生健康局", "司法局")):
        for year in (2020, 2021):
            organ = region + dept
            files = 1 if (i, year) == (1, 2021) else 0  # 详见附件: the body is the PDF
            body = "<p>详见附件。</p>" if files else report_text(organ, year)
            title = f"{organ}{year}年政府信息公开工作年度报告"
            p.reports[g.add(DEPT_CAT, title, f"{year + 1}-01-1{i}", body, organ, files)] = (
                organ,
                year,
            )
    for decoy in DECOY_TITLES[1:4]:
        p.decoys.add(g.add(DEPT_CAT, decoy.format(region=region, year=2021), "2022-01-20", "正文"))
    p.decoys.add(g.add(STATS_CAT, f"{region}2021年统计年报", "2022-03-01", "正文"))
    return p


def post_correction(p: Portal) -> str:
    """The government's 2021 report posted again, corrected, at a new URL (both stay listed)."""
    g: Gkmlpt = p.state
    cells = report_2021()
    cells["requests.new.natural_person"] = 6
    cells["requests.new.total"] = 7
    gov = f"{g.region}人民政府"
    title = f"{g.region}2021年政府信息公开工作年度报告（更正版）"
    return g.add(GOV_CAT, title, "2022-04-08", report_body(gov, 2021, "2021", cells))
