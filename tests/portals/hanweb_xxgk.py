"""Portals whose lists are data a browser is not needed for: Hanweb jcms and an xxgk API.

``hanweb_portal``: the column page holds the first records in an XML data
store; the rest come only by POST to ``dataproxy.jsp``, and some report
pages are one line whose report is a ``downfile.jsp`` attachment named only
in ``Content-Disposition``; a side list links the xxgk module's report pages
of departments.  ``xxgk_portal``: the list comes from a JSON API the page's
script names, and department reports are named by their 发布机构.
"""

from __future__ import annotations

import json
from urllib.parse import parse_qs, quote

from nianbao.demo.site import HTML, Hit, Reply, Site
from tests.portals import Portal, column_items, page, pdf, report_text


def _record(href: str, title: str) -> str:
    shown = title if len(title) <= 16 else title[:15] + "..."
    return f'<record><![CDATA[<li><a href="{href}" title="{title}" target="_blank">{shown}</a></li>]]></record>'


def _datastore(records: list[str], total: int | None = None) -> str:
    head = f"<totalrecord>{total}</totalrecord>" if total is not None else ""
    return f"<datastore>{head}<nextgroup><![CDATA[]]></nextgroup><recordset>{''.join(records)}</recordset></datastore>"


def hanweb_portal(code: str, region: str, years: range = range(2020, 2023)) -> Portal:
    """Hanweb jcms: first records in the XML data store, the rest only by POST to dataproxy.jsp."""
    s = Site(region)
    p = Portal(s, code, region)
    col, unit, per = 5234, 8861, 2
    s.files["/index.html"] = (HTML, page(region, '<a href="/col/col100/index.html">政务公开</a>'))
    s.files["/col/col100/index.html"] = (
        HTML,
        page("政务公开", f'<a href="/col/col{col}/index.html">政府信息公开年报</a>'),
    )
    records = []
    for i, (title, organ, year) in enumerate(column_items(region, years, ["民政局"])):
        href = f"/art/{year + 1}/1/{i + 1}/art_{col}_{1000 + i}.html"
        if organ and i % 2 == 0:  # a one-line page whose report is a downfile.jsp attachment
            name = f"{1000 + i:x}abcdef.pdf"
            link = f"/module/download/downfile.jsp?classid=0&filename={name}"
            body = f'<p>详见附件：</p><p><a href="{link}">{title}.pdf</a></p>'
            s.routes[f"/attach/0/{name}"] = _named_file(pdf(title), f"{title}.pdf")
            p.attachments.add(f"/attach/0/{name}")
        else:
            body = report_text(organ, year) if organ else "<p>正文</p>"
        s.files[href] = (HTML, page(title, f'<h1>{title}</h1><div id="zoom">{body}</div>'))
        (p.reports.__setitem__(href, (organ, year)) if organ else p.decoys.add(href))
        records.append(_record(href, title))
    first = records[: per * 3]
    config = (
        "<script>$(document).ready(function(){$('#{col}').jpage({"
        f"dataStore: $('#{col} datastore'), perPage: {per}, totalRecord: {len(records)}, "
        "proxyUrl: '/module/web/jpage/dataproxy.jsp', groupSize: 3, ajaxParam: {"
        f"col: 1, appid: 1, webid: 3, path: '/', columnid: {col}, sourceContentType: 1, "
        f"unitid: {unit}, webname: '{region}', permissiontype: 0}}}});}});</script>"
    )
    column = (
        f'<div id="{col}"><script type="text/xml">{_datastore(first)}</script></div>'
        f'<script src="/module/jslib/jquery/jpage/jquery.page.min.js"></script>{config}'
    )
    units = {"11230102MB0001": f"{region}发展和改革局", "11230102MB0002": f"{region}档案馆"}
    side = "".join(
        f'<li><a href="/module/xxgk/xxgkAnnualReport.jsp?fbtime=2021&area={area}">'
        f"{name.replace(region, '')}</a></li>"
        for area, name in units.items()
    )
    column += f'<div class="side"><h3>部门年报</h3><ul>{side}</ul></div>'
    s.files[f"/col/col{col}/index.html"] = (HTML, page("政府信息公开年报", column))
    p.reports[f"/module/xxgk/xxgkAnnualReport.jsp?fbtime=2021&area={next(iter(units))}"] = (
        units["11230102MB0001"],
        2021,
    )

    def annual(hit: Hit) -> Reply:
        """The xxgk module's report page: one unit, one year; the archive has none yet."""
        area = parse_qs(hit.query).get("area", [""])[0]
        if area == "11230102MB0001":
            title = f"{units[area]}2021年政府信息公开工作年度报告"
            body = report_text(units[area], 2021)
        else:
            title, body = "政府信息公开年度报告", "<p>该单位暂未发布年度报告。</p>"
        return Reply(200, HTML, page(title, f"<h1>{title}</h1>{body}"))

    s.routes["/module/xxgk/xxgkAnnualReport.jsp"] = annual

    def proxy(hit: Hit) -> Reply:
        query, form = parse_qs(hit.query), parse_qs(hit.body.decode())
        wanted = {"columnid": str(col), "unitid": str(unit), "webid": "3"}
        if hit.method != "POST" or any(form.get(k) != [v] for k, v in wanted.items()):
            return Reply(200, "text/xml;charset=UTF-8", _datastore([], 0).encode())
        start, end = int(query["startrecord"][0]), int(query["endrecord"][0])
        chunk = records[start - 1 : end]
        return Reply(200, "text/xml;charset=UTF-8", _datastore(chunk, len(records)).encode())

    def downfile(hit: Hit) -> Reply:
        name = parse_qs(hit.query).get("filename", [""])[0]
        if f"/attach/0/{name}" not in s.routes:
            return Reply(404, "text/html", b"no such file")
        return Reply(302, "text/html", b"", [("Location", f"/attach/0/{name}")])

    s.routes["/module/web/jpage/dataproxy.jsp"] = proxy
    s.routes["/module/download/downfile.jsp"] = downfile
    return p


def xxgk_portal(code: str, region: str, years: range = range(2020, 2023)) -> Portal:
    """An xxgk platform: the list from a JSON API named in the page; organs from 发布机构."""
    s = Site(region)
    p = Portal(s, code, region)
    s.files["/index.html"] = (HTML, page(region, '<a href="/xxgk/index.html">政府信息公开</a>'))
    s.files["/xxgk/index.html"] = (
        HTML,
        page("政府信息公开", '<a href="/xxgk/ndbg/index.html">政府信息公开年度报告</a>'),
    )
    script = (
        "<script>$.getJSON('/api/xxgk/list?catid=ndbg&page=1', function (d) {"
        "$('#list').html(d.data.list.map(function (a) { return '<li><a href=\"' + a.url + '\">'"
        " + a.title + '</a></li>'; }).join(''));});</script>"
    )
    s.files["/xxgk/ndbg/index.html"] = (
        HTML,
        page("政府信息公开年度报告", f'<ul id="list"></ul>{script}'),
    )
    rows = []
    for i, (title, organ, year) in enumerate(column_items(region, years, ["民政局", "司法局"])):
        path = f"/xxgk/content/post_{2000 + i}.html"
        # department reports leave the organ out of the title: 发布机构 says it
        shown = (
            title.replace(region + organ[len(region) :], "")
            if organ != f"{region}人民政府"
            else title
        )
        publisher = organ or f"{region}人民政府"
        table = (
            f"<table class='xxgk'><tr><td>索引号：</td><td>000014349/{year + 1}-{i:05d}</td>"
            f"<td>发布机构：</td><td>{publisher}</td></tr><tr><td>成文日期：</td>"
            f"<td>{year + 1}-01-20</td><td>名称：</td><td>{shown}</td></tr></table>"
        )
        body = report_text(organ, year) if organ else "<p>正文</p>"
        s.files[path] = (HTML, page(shown, f"{table}<h1>{shown}</h1><div>{body}</div>"))
        (p.reports.__setitem__(path, (organ, year)) if organ else p.decoys.add(path))
        rows.append({"title": shown, "url": path, "publishTime": f"{year + 1}-01-20"})
    size = 7

    def api(hit: Hit) -> Reply:
        n = int(parse_qs(hit.query).get("page", ["1"])[0])
        chunk = rows[(n - 1) * size : n * size]
        data = {"code": 0, "data": {"total": len(rows), "pageSize": size, "list": chunk}}
        return Reply(200, "application/json;charset=UTF-8", json.dumps(data).encode())

    s.routes["/api/xxgk/list"] = api
    return p


def _named_file(data: bytes, name: str):  # type: ignore[no-untyped-def]
    """A download whose real name is only in ``Content-Disposition`` (RFC 5987)."""
    disposition = f"attachment; filename*=UTF-8''{quote(name)}"

    def serve(hit: Hit) -> Reply:
        return Reply(200, "application/octet-stream", data, [("Content-Disposition", disposition)])

    return serve
