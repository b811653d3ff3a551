"""Portals that need a browser: a list built by script from a computed URL, and cookie challenges."""

from __future__ import annotations

import gzip
import itertools
import json
import threading
from urllib.parse import parse_qs

from nianbao.demo.site import HTML, Hit, Reply, Site
from tests.portals import Portal, column_items, page, pdf, report_text


def script_listed(
    p: Portal, years: range, dept: str, path: str, first: int
) -> list[dict[str, str]]:
    """The column's articles (reports and look-alikes) as pages of ``p``, at ``path`` with
    ``{i}`` their rank and ``{n}`` ``first`` + it; the records a script's list call gives."""
    rows = []
    for i, (title, organ, year) in enumerate(column_items(p.name, years, [dept])):
        at = path.format(i=i, n=first + i)
        body = report_text(organ, year) if organ else "<p>正文</p>"
        p.site.files[at] = (HTML, page(title, f"<h1>{title}</h1><div>{body}</div>"))
        (p.reports.__setitem__(at, (organ, year)) if organ else p.decoys.add(at))
        rows.append({"title": title, "url": at})
    return rows


def jsbuilt_portal(code: str, region: str, years: range = range(2020, 2023)) -> Portal:
    """A gkmlpt-like column: the API URL is computed from the hash route and a site id."""
    s = Site(region)
    p = Portal(s, code, region, needs_browser=True)
    s.files["/index.html"] = (HTML, page(region, '<a href="/gkmlpt/index.html">政府信息公开</a>'))
    s.files["/gkmlpt/index.html"] = (
        HTML,
        page("政府信息公开", '<a href="/gkmlpt/nb/index.html#3021">政府信息公开年报</a>'),
    )
    script = (
        "<script>var SID = 'S' + (700 + 14);"
        "var cat = (location.hash || '#3021').slice(1);"
        "function load(n) { fetch('/gkmlpt/api/all/' + cat + '?page=' + n + '&sid=' + SID)"
        ".then(function (r) { return r.json(); }).then(function (d) {"
        " document.getElementById('list').innerHTML = d.articles.map(function (a) {"
        " return '<li><a href=\"' + a.url + '\" title=\"' + a.title + '\">' + a.title +"
        " '</a></li>'; }).join(''); }); }"
        "load(1);</script><a href='javascript:void(0)' onclick='load(2)'>下一页</a>"
    )
    s.files["/gkmlpt/nb/index.html"] = (
        HTML,
        page("政府信息公开年报", f'<ul id="list"></ul>{script}'),
    )
    articles = script_listed(p, years, "交通局", "/gkmlpt/content/0/{i}/post_{n}.html", 5000)

    def api(hit: Hit) -> Reply:
        if parse_qs(hit.query).get("sid") != ["S714"]:
            return Reply(403, "application/json", b'{"error": "sid"}')
        n = int(parse_qs(hit.query).get("page", ["1"])[0])
        data = {"total": len(articles), "size": 6, "articles": articles[(n - 1) * 6 : n * 6]}
        return Reply(200, "application/json", json.dumps(data, ensure_ascii=False).encode())

    s.routes["/gkmlpt/api/all/3021"] = api
    return p


def tokened_portal(code: str, region: str, years: range = range(2021, 2023)) -> Portal:
    """A column whose list call, a literal URL, answers only with the cookie the page's
    script sets first: asked plainly it answers an empty list, and the browser builds
    the list from the page as it was read plainly."""
    s = Site(region)
    p = Portal(s, code, region, needs_browser=True)
    s.files["/index.html"] = (
        HTML,
        page(region, '<a href="/zwgk/nb/index.html">政府信息公开年报</a>'),
    )
    script = (
        "<script>document.cookie = 'nb_token=' + (40 + 2) + '; path=/';"
        "fetch('/api/nb/list?catid=ndbg&page=1').then(function (r) { return r.json(); })"
        ".then(function (d) { document.getElementById('list').innerHTML = d.data.list.map("
        "function (a) { return '<li><a href=\"' + a.url + '\">' + a.title + '</a></li>'; })"
        ".join(''); });</script>"
    )
    s.files["/zwgk/nb/index.html"] = (
        HTML,
        page("政府信息公开年报", f'<ul id="list"></ul>{script}'),
    )
    rows = script_listed(p, years, "民政局", "/zwgk/nb/content/post_{n}.html", 3000)

    def api(hit: Hit) -> Reply:
        shown = rows if hit.cookie("nb_token") == "42" else []
        data = {"code": 0, "data": {"total": len(shown), "list": shown}}
        return Reply(200, "application/json", json.dumps(data, ensure_ascii=False).encode())

    s.routes["/api/nb/list"] = api
    return p


class Challenge:
    """A 加速乐 (521) or 瑞数 (412) guard: a script earns a cookie, which wears out after a while.

    As on real portals, the challenge's answer also sets cookies of the server's own
    (加速乐's ``__jsluid_h``; 瑞数's ``…S``, here with a second one for its other port), and
    the script's cookie passes only with them: a client that ran the script without
    keeping all that the answer set meets the challenge again.
    """

    def __init__(self, status: int = 521, uses: int = 8, compress: bool = False) -> None:
        self.status = status
        self.uses = uses
        #: the challenge page gzipped for clients that accept it, as nginx in front would
        self.compress = compress
        self.cookie = "__jsl_clearance" if status == 521 else "FSSBBIl1UgzbN7N80T"
        #: the cookies the challenge's answer sets, which the script's cookie is checked with
        self.server_cookies = (
            ["__jsluid_h"] if status == 521 else ["FSSBBIl1UgzbN7N80S", "FSSBBIl1UgzbN7N443S"]
        )
        #: script cookie → [its uses so far, the value its server cookies were issued with]
        self.issued: dict[str, list[int | str]] = {}
        self.challenges = 0
        self._lock = threading.Lock()
        self._seq = itertools.count(1)

    def __call__(self, hit: Hit) -> Reply | None:
        if hit.path == "/favicon.ico":
            return None
        token = hit.cookie(self.cookie) or ""
        with self._lock:
            issued = self.issued.get(token)
            own = [hit.cookie(name) for name in self.server_cookies]
            if issued and int(issued[0]) < self.uses and own == [issued[1]] * len(own):
                issued[0] = int(issued[0]) + 1
                return None
            self.challenges += 1
            n = next(self._seq) * 1000 + 17
            value = f"{n:x}{n % 89}"
            self.issued[f"{n * 3}.{n % 97}"] = [0, value]
        set_cookie = [
            ("Set-Cookie", f"{name}={value}; path=/; HttpOnly") for name in self.server_cookies
        ]
        var = "$_ts" if self.status == 412 else "_jsl"
        script = (
            f"<script>var {var}={{}};var a={n},b=3;{var}.v=(a*b)+'.'+(a%97);"
            f"document.cookie='{self.cookie}='+{var}.v+';path=/';"
            + (  # 加速乐 reloads after a beat, 瑞数 at once
                "setTimeout(function(){location.href=location.pathname+location.search;},50);"
                if self.status == 521
                else "location.reload();"
            )
            + "</script>"
        )
        body = f"<html><body>{script}</body></html>".encode()
        if self.compress and "gzip" in hit.headers.get("accept-encoding", ""):
            coded = [("Content-Encoding", "gzip"), ("Vary", "Accept-Encoding")]
            return Reply(self.status, "text/html", gzip.compress(body), set_cookie + coded)
        return Reply(self.status, "text/html", body, set_cookie)


def challenge_portal(
    code: str, region: str, status: int = 521, uses: int = 8, compress: bool = False
) -> Portal:
    """A plain TRS-like portal behind a cookie challenge on every path."""
    s = Site(region)
    p = Portal(s, code, region, needs_browser=True)
    s.guard = Challenge(status, uses, compress)
    s.files["/index.html"] = (HTML, page(region, '<a href="/zwgk/index.html">政务公开</a>'))
    s.files["/zwgk/index.html"] = (
        HTML,
        page("政务公开", '<a href="/zwgk/nb/index.html">政府信息公开年报</a>'),
    )
    lis = []
    for i, (title, organ, year) in enumerate(column_items(region, range(2020, 2022), ["水务局"])):
        path = f"/zwgk/art/{year + 1}01/t{year + 1}0115_{i}.html"  # beside the list, not in it
        lis.append(f'<li><a href="{path}">{title}</a></li>')
        if organ and i == 0:
            body = f'<p>详见附件</p><a href="./P0{year + 1}0115{i}.pdf">{title}</a>'
            att = path.rsplit("/", 1)[0] + f"/P0{year + 1}0115{i}.pdf"
            s.files[att] = ("application/pdf", pdf(title))
            p.attachments.add(att)
        else:
            body = report_text(organ, year) if organ else "<p>正文</p>"
        s.files[path] = (HTML, page(title, f"<h1>{title}</h1>{body}"))
        (p.reports.__setitem__(path, (organ, year)) if organ else p.decoys.add(path))
    s.files["/zwgk/nb/index.html"] = (HTML, page("年报", f"<ul>{''.join(lis)}</ul>"))
    return p
