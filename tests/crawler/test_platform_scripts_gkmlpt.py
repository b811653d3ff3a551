"""The gkmlpt adapter on what its pages' scripts hold: the config, the tree, DETAIL.

The ``window._CONFIG`` of a gkmlpt index names the site id and the category
tree (only the 年报 categories' lists are asked for); an article shell's
``DETAIL`` JSON is rebuilt into a page; the tree may come from its own API
and list ids from the script; a home page may link the column as a hash
route whose category the request carries.
"""

from __future__ import annotations

import json

from scrapy.http import HtmlResponse, Request

from crawler.platforms import article_view, discover, gkmlpt
from tests.crawler.script_pages import BASE, html

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
