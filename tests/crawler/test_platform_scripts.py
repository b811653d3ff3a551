"""Adapters that read what a page's script holds: gkmlpt config and DETAIL, list calls, menus."""

from __future__ import annotations

import json
from types import SimpleNamespace

from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.platforms import article_view, discover, gkmlpt, jsbuilt, needs_browser, scriptlinks
from crawler.platforms.jscalls import Call
from crawler.platforms.jsonapi import api_calls

BASE = "http://127.0.0.40"


def html(body: str, path: str = "/x/index.html", head: str = "", **meta: object) -> HtmlResponse:
    url = BASE + path
    page = f"<html><head><meta charset='utf-8'>{head}</head><body>{body}</body></html>"
    return HtmlResponse(url, body=page.encode(), request=Request(url, meta=dict(meta)))


TREE = [
    {"id": 1, "name": "统计信息", "children": [{"id": 11, "name": "统计年报", "children": []}]},
    {"id": 2, "name": "政府网站工作年度报表", "children": []},
    {"id": 3, "name": "政府信息公开年报", "children": [{"id": 31, "name": "2021年"}]},
    {"id": 4, "name": "其他", "children": [{"id": 41, "name": "部门年报", "children": []}]},
    {"id": 5, "name": "年度报告", "jump_url": "/xxgk/ndbg/index.html"},
]


def test_gkmlpt_asks_the_lists_of_the_report_categories_only() -> None:
    config = (
        f"<script>window._CONFIG = {{ SID: '755325', TREE: {json.dumps(TREE)}, X: 1 }};</script>"
    )
    page = html(config, path="/gzhzjy/gkmlpt/index", role="nav")
    assert gkmlpt.site_config(page.text)[0] == "755325"
    found = list(discover(page))
    lists = [f.url for f in found if f.kind == "list"]
    assert lists == [
        f"{BASE}/gzhzjy/gkmlpt/api/all/31?page=1&sid=755325",
        f"{BASE}/gzhzjy/gkmlpt/api/all/41?page=1&sid=755325",
    ]
    assert all(f.platform == "jsonapi" for f in found if f.kind == "list")
    assert (f"{BASE}/xxgk/ndbg/index.html", "年度报告") in [(f.url, f.text) for f in found]


def test_gkmlpt_article_rebuilt_from_its_detail_json() -> None:
    detail = {
        "id": 4069119,
        "title": "甲区2021年政府信息公开工作年度报告",
        "first_publish_time": 1648519200000,  # milliseconds
        "publisher": "甲区人民政府办公室",
        "content": "<p>一、总体情况</p><table><tr><td>规章</td><td>3</td></tr></table>",
        "attachment": [{"name": "年报.pdf", "url": "http://127.0.0.40/attachment/0/4069/1.pdf"}],
    }
    data = json.dumps(detail).replace("/", "\\/").replace("<", "\\u003C")
    data = data.replace("\\u003C\\/td>\\u003C\\/tr>", "\\u003C\\/td>\n\\u003C\\/tr>")
    assert "\n" in data  # a raw line break inside a JSON string, as some templates write it
    shell = f"<div id='app'></div><script>window._CONFIG.DETAIL = {data};</script>"
    page = html(shell, path="/gkmlpt/content/4/4069/post_4069119.html", role="report")
    view = article_view(page)
    assert view is not page and view.meta["role"] == "report"
    assert view.xpath("//meta[@name='PubDate']/@content").get() == "2022-03-29"
    assert view.xpath("//h1/text()").get() == detail["title"]
    assert view.xpath("//table//td/text()").getall()[-2:] == ["规章", "3"]
    assert view.xpath("//ul[@class='attachments']//a/@href").get() == detail["attachment"][0]["url"]
    assert article_view(html("<p>正文</p>")).text == html("<p>正文</p>").text


def _calls(script: str) -> list[tuple[str, Call | None]]:
    return api_calls(html(f"<ul id='l'></ul><script>{script}</script>", role="column"))


def test_list_calls_read_with_their_method_and_data() -> None:
    (jq,) = _calls(
        "var CH = '88'; function go(pageIndex) { $.ajax({ url: '/api/list', type: 'post',"
        " data: {channelId: CH, pageIndex: pageIndex, keyword: '', all: true} }) } go(1);"
    )
    assert jq == (
        f"{BASE}/api/list",
        Call("POST", {"channelId": "88", "pageIndex": 1, "keyword": "", "all": True}),
    )
    assert jq[1] is not None and jq[1].form()["all"] == "true"
    (post,) = _calls("$.post('/xxgk/getDocList', {cat: 'nb', page: 1}, function (d) {});")
    assert post[1] == Call("POST", {"cat": "nb", "page": 1})
    (axios,) = _calls("axios.post('/interface/list', {size: 20, page: 1}).then(show)")
    assert axios[1] == Call("POST", {"size": 20, "page": 1})
    (fetched,) = _calls(
        "var q = {catalog: 'nb', pageNum: 1}; fetch('/api/doc/search', {method: 'POST',"
        " headers: {'Content-Type': 'application/json'}, body: JSON.stringify(q)})"
    )
    assert fetched[1] == Call("POST", {"catalog": "nb", "pageNum": 1}, json=True)
    (got,) = _calls("$.ajax({url: '/api/list', data: {cat: 'nb', page: 2}})")
    assert got[1] == Call("GET", {"cat": "nb", "page": 2})
    (signed,) = _calls("$.ajax({url: '/api/list', type: 'POST', data: {t: Date.now()}})")
    assert signed[1] is None
    (built,) = _calls("fetch('/api/list', {method: 'POST', body: 'a=1&t=' + token()})")
    assert built[1] is None


def test_a_list_posted_with_computed_data_is_left_to_the_browser() -> None:
    page = html(
        "<ul id='l'></ul><script>$.ajax({url: '/api/list', type: 'POST',"
        " data: {sign: md5(location.href)}, success: function (d) { $('#l').html(d) }})</script>",
        role="column",
    )
    (render,) = [f for f in discover(page) if f.kind == "list"]
    assert render.render and render.url == page.url


def test_menu_links_from_script_data_and_written_anchors() -> None:
    page = html(
        '<ul id=\'nav\'></ul><script>var MENU = [{"name": "政府信息公开", "url": "/xxgk/"},'
        " {title: '政务服务', href: '/zwfw/'}];"
        "document.write('<a href=\\\"/xxgk/nb/\\\">年报<\\/a>');"
        "$('#x').html('<a href=\"' + item.url + '\">' + item.name + '</a>');</script>"
        "<script type='text/xml'><record><![CDATA[<a href='/art/1.html'>甲</a>]]></record></script>",
        role="home",
    )
    assert list(scriptlinks.links(page)) == [
        (f"{BASE}/xxgk/nb/", "年报"),
        (f"{BASE}/xxgk/", "政府信息公开"),
        (f"{BASE}/zwfw/", "政务服务"),
    ]
    assert list(scriptlinks.discover(html(page.text, role="report"))) == []


def test_a_home_page_is_rendered_only_when_no_link_leads_on() -> None:
    fetched = (
        "<ul id='nav'></ul><script>fetch('/api/site/' + SITE + '/menu').then(r => r.json())"
        ".then(d => { document.getElementById('nav').innerHTML = d.map(m => m.name).join('') })"
        "</script>"
    )
    render = needs_browser(html(fetched, role="home"), found_items=False)
    assert render is not None and render.extra["role"] == "home"
    linked = fetched + "<a href='/zwgk/index.html'>政务公开</a>"
    assert needs_browser(html(linked, role="home"), found_items=False) is None
    data = fetched + "<script>var NAV = [{name: '政府信息公开', url: '/xxgk/'}];</script>"
    assert needs_browser(html(data, role="home"), found_items=False) is None


def test_logged_posts_are_replayed_plainly() -> None:
    log = jsbuilt.XhrLog()
    for method, url, data, ctype in (
        ("POST", f"{BASE}/api/list", "channelId=9&pageNo=1", "application/x-www-form-urlencoded"),
        ("POST", f"{BASE}/api/json", '{"page": 1, "q": {"a": 1}}', "application/json"),
        ("GET", f"{BASE}/api/get?page=1", None, ""),
    ):
        log(
            SimpleNamespace(
                resource_type="xhr",
                method=method,
                url=url,
                post_data=data,
                headers={"content-type": ctype},
            )
        )
    page = html("<ul></ul>", role="list", nianbao_xhr=log)
    found = {f.url: f for f in discover(page) if f.kind == "list"}
    assert found[f"{BASE}/api/list"].formdata == {"channelId": "9", "pageNo": "1"}
    assert json.loads(found[f"{BASE}/api/json"].body or "") == {"page": 1, "q": {"a": 1}}
    assert found[f"{BASE}/api/get?page=1"].method == "GET"


def test_a_menu_loaded_from_a_named_url_is_read_without_a_browser() -> None:
    script = (
        "<ul id='m'></ul><script>$.getJSON('/zwgk/menu.json', function (d) {"
        " $('#m').html(d.children.map(function (c) { return c.title; }).join('')) })</script>"
    )
    lists = [f for f in discover(html(script, role="nav")) if f.kind == "list"]
    assert [f.url for f in lists] == [f"{BASE}/zwgk/menu.json"]
    assert lists[0].extra["jsonapi_role"] == "nav"
    # a page that already links toward the column: its APIs are search boxes and counters
    linked = script + "<a href='/zwgk/index.html'>政务公开</a>"
    assert not [f for f in discover(html(linked, role="nav")) if f.kind == "list"]


def test_gkmlpt_tree_from_its_api_and_list_ids_from_the_script() -> None:
    from scrapy.http import JsonResponse

    shell = (
        "<div id='app'></div><script>window._CONFIG = {'sid': '175'};"
        "axios.get('/gkmlpt/api/classify/tree?sid=').then(render);</script>"
    )
    page = html(shell, path="/gkmlpt/index", role="column")
    (tree_call,) = [f for f in discover(page) if f.kind == "list"]
    assert tree_call.url == f"{BASE}/gkmlpt/api/classify/tree?sid=175"
    assert tree_call.platform == "gkmlpt"
    url = tree_call.url
    answer = JsonResponse(
        url,
        body=json.dumps({"code": 0, "data": {"tree": TREE}}).encode(),
        request=Request(url, meta={"platform": "gkmlpt", "role": "list", **tree_call.extra}),
    )
    assert [
        f.url.split("?")[0].rsplit("/", 1)[1] for f in discover(answer) if f.kind == "list"
    ] == [
        "31",
        "41",
    ]
    script = (
        "<script>var SID = '175'; load('/gkmlpt/api/all/2629?page=' + n + '&sid=' + SID)</script>"
    )
    listed = html(f"<div id='app'></div><script>window._CONFIG = {{}};</script>{script}")
    assert [f.url for f in discover(listed) if f.kind == "list"] == [
        f"{BASE}/gkmlpt/api/all/2629?page=1&sid=175"
    ]


def test_a_portal_linking_the_column_as_a_hash_route_carries_the_category() -> None:
    home = html(
        "<a href='/gkmlpt/annualreport#2629'>政府信息公开年报</a>"
        "<a href='/gkmlpt/index#1001'>统计年报</a>",
        path="/index.html",
        role="home",
    )
    (route,) = [f for f in discover(home) if f.platform == "gkmlpt"]
    assert route.url == f"{BASE}/gkmlpt/annualreport" and route.again
    assert route.extra == {"gkmlpt_catids": ["2629"], "role": "column"}
    url = route.url
    shell = "<div id='app'></div><script>window._CONFIG = {SID: '175'};</script>"
    target = HtmlResponse(
        url,
        body=f"<html><body>{shell}</body></html>".encode(),
        request=Request(url, meta={"role": "column", **route.extra}),
    )
    assert [f.url for f in discover(target) if f.kind == "list"] == [
        f"{BASE}/gkmlpt/api/all/2629?page=1&sid=175"
    ]


def test_a_list_answered_as_an_html_fragment_is_paged_by_its_pager() -> None:
    from crawler.platforms.jsonapi import request_for

    call = Call("POST", {"catalogId": "nb", "page": 1, "size": 4}, json=True)
    asked = request_for(f"{BASE}/api/nb/list", call, jsonapi_from=f"{BASE}/x/index.html")
    meta = {"platform": "jsonapi", "role": "list", **asked.extra}
    fragment = HtmlResponse(
        asked.url,
        body="<li><a href='/a/1.html'>甲</a></li><div>共10条 共3页</div>".encode(),
        request=Request(asked.url, method="POST", meta=meta),
    )
    pages = [json.loads(f.body or "")["page"] for f in discover(fragment) if f.kind == "list"]
    assert pages == [2, 3]
    hidden = HtmlResponse(
        asked.url,
        body=b"<li><a href='/a/1.html'>x</a></li><input type='hidden' id='totalRecord' value='9'>",
        request=Request(asked.url, method="POST", meta=meta),
    )
    assert [json.loads(f.body or "")["page"] for f in discover(hidden) if f.kind == "list"] == [
        2,
        3,
    ]


def test_a_list_url_kept_in_a_variable_is_read_at_its_call() -> None:
    (ajax,) = _calls(
        "var listUrl = '/interface/getDocList.do'; $.ajax({type: 'POST', url: listUrl,"
        " data: {colId: '77', page: 1}});"
    )
    assert ajax[1] == Call("POST", {"colId": "77", "page": 1})
    (post,) = _calls("const api = '/api/nb/query'; $.post(api, {col: 'nb', pageNo: 1}, show);")
    assert post[1] == Call("POST", {"col": "nb", "pageNo": 1})
    # a call that closed before the URL is not its call
    (closed,) = _calls("$.ajax({url: '/counter.do', type: 'POST'}); var u = '/api/list.json';")
    assert closed[1] == Call("GET")


def test_without_a_browser_a_computed_post_list_is_reported() -> None:
    """The readable part of the column is still read; the part only a browser builds is named."""

    from crawler.portal import PortalRef
    from crawler.spiders.portals import PortalSpider
    from tests.portals.posted import signed_portal

    site = signed_portal("440607", "高明区").site
    portal = {"code": "440607", "name": "高明区", "level": "county", "parent_code": None}
    portal |= {"url": f"{BASE}/", "portal_id": None}
    url = f"{BASE}/xxgk/zfxxgknb/index.html"
    column = HtmlResponse(
        url,
        body=site.files["/xxgk/zfxxgknb/index.html"][1],
        request=Request(url, meta={"role": "column", "portal": portal, "hops": 2}),
    )
    spider = PortalSpider.__new__(PortalSpider)
    crawler = get_crawler(settings_dict={"NIANBAO_RENDER": "never"})
    crawler._apply_settings()  # the stats and extensions a crawl has before its spider runs
    spider.crawler = crawler
    stats = crawler.stats
    assert stats is not None
    requests = list(spider._follow(column, PortalRef.from_meta(portal), False))
    assert [(r.method, r.url) for r in requests] == [("POST", f"{BASE}/api/xxgk/bmnb/list")]
    assert stats.get_value("nianbao/failures") == {
        "440607": [f"{url}: list built by script, needs --render auto"]
    }


def test_jsonp_answers_and_menu_data_islands_are_read() -> None:
    from scrapy.http import TextResponse

    url = f"{BASE}/api/list?callback=jQuery1830_17&page=1"
    body = '/**/jQuery1830_17({"total": 2, "rows": [{"title": "甲年报", "url": "/a/1.html"}]});'
    answer = TextResponse(
        url,
        body=body.encode(),
        encoding="utf-8",
        headers={"Content-Type": "application/javascript"},
        request=Request(url, meta={"platform": "jsonapi", "role": "list"}),
    )
    found = list(discover(answer))
    assert (f"{BASE}/a/1.html", "甲年报") in [(f.url, f.text) for f in found]
    assert [f.url.rsplit("=", 1)[1] for f in found if f.kind == "list"] == ["2"]
    island = html(
        '<script type="application/json" id="menu">[{"name": "政府信息公开", "url": "/xxgk/"}]'
        "</script>",
        role="home",
    )
    assert list(scriptlinks.links(island)) == [(f"{BASE}/xxgk/", "政府信息公开")]


def test_a_menu_entry_with_children_is_read_too() -> None:
    page = html(
        "<script>var MENU = [{name: '政务公开', url: '/zwgk/', children: [{name: '政府信息公开年报',"
        " url: '/zwgk/nb/'}, {name: '政策解读', url: '/zwgk/zcjd/'}]}];</script>",
        role="home",
    )
    assert set(scriptlinks.links(page)) == {
        (f"{BASE}/zwgk/nb/", "政府信息公开年报"),
        (f"{BASE}/zwgk/zcjd/", "政策解读"),
        (f"{BASE}/zwgk/", "政务公开"),
    }
