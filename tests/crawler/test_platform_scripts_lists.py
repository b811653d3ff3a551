"""List calls read from a page's script: method, URL and data, or left to the browser.

A column whose list its script loads (``$.ajax``, ``$.post``, ``axios``,
``fetch``) is asked by the same call when every value sent is a literal or a
variable set to one, even when its URL is kept in a variable; a computed
value leaves the list to the browser (and, without one, is named as a
failure).  Also: calls logged in the browser replayed plainly, HTML-fragment
and JSONP answers and their paging (with a menu's JSON data island).
"""

from __future__ import annotations

import json
from types import SimpleNamespace

from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from crawler.platforms import discover, jsbuilt, scriptlinks
from crawler.platforms.jscalls import Call
from crawler.platforms.jsonapi import api_calls
from tests.crawler.script_pages import BASE, html


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
