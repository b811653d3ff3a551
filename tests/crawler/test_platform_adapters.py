"""Platform adapters on single pages: fingerprints, paging variants, records, metadata."""

from __future__ import annotations

import json

from scrapy.http import HtmlResponse, JsonResponse, Request, TextResponse, XmlResponse
from scrapy.utils.test import get_crawler

from crawler.platforms import discover, fingerprint, hanweb, needs_browser, page_metadata, trs

BASE = "http://127.0.0.40/zwgk/xxgknb/index.html"


def html(body: str, url: str = BASE, **meta: object) -> HtmlResponse:
    page = f"<html><head><meta charset='utf-8'></head><body>{body}</body></html>"
    return HtmlResponse(url, body=page.encode(), request=Request(url, meta=dict(meta)))


def test_trs_pager_variants() -> None:
    plain = html('<script>createPageHTML(3, 0, "index", "html");</script>')
    assert trs.page_urls(plain)[1:] == [
        "http://127.0.0.40/zwgk/xxgknb/index_1.html",
        "http://127.0.0.40/zwgk/xxgknb/index_2.html",
    ]
    with_id = html("<script>createPageHTML('page_div', 4, 1, 'index', 'shtml', 60);</script>")
    assert trs.page_urls(with_id)[-1].endswith("/index_3.shtml")
    by_var = html(
        "<script>var countPage = 2//共多少页\nvar currentPage = 0;"
        'createPageHTML(countPage, currentPage, "index", "html");</script>'
    )
    assert [u.rsplit("/", 1)[1] for u in trs.page_urls(by_var)] == ["index.html", "index_1.html"]
    control = html('<script>pageControl(2, 0, "list", "html");</script>')
    assert trs.page_urls(control)[-1].endswith("/list_1.html")
    assert "trs" in fingerprint(plain)


def test_trs_attachments_in_oldsrc_and_script_vars() -> None:
    page = html(
        '<a href="/protect/x.pdf" OLDSRC="./P020210120123.pdf">附件</a>'
        "<script>var file = './P020210120999.docx';</script>",
        url="http://127.0.0.40/zwgk/xxgknb/202101/t20210120_1.html",
    )
    urls = {f.url for f in discover(page)}
    assert "http://127.0.0.40/zwgk/xxgknb/202101/P020210120123.pdf" in urls
    assert "http://127.0.0.40/zwgk/xxgknb/202101/P020210120999.docx" in urls


def test_hanweb_records_and_proxy_from_nextgroup() -> None:
    store = (
        '<script type="text/xml"><datastore><nextgroup><![CDATA[<a href="/module/web/jpage/'
        "dataproxy.jsp?page=1&appid=1&webid=7&path=/&columnid=42&unitid=99&webname=X"
        '&permissiontype=0"></a>]]></nextgroup><recordset>'
        '<record><![CDATA[<li><a href="/art/2021/1/5/art_42_1.html" title="甲县2020年政府信息公开工作年度报告">甲县…</a></li>]]></record>'
        "</recordset></datastore></script><script>var totalRecord = 40; perPage: 5</script>"
    )
    page = html(store, url="http://127.0.0.40/col/col42/index.html")
    found = list(discover(page))
    links = [f for f in found if f.kind == "link"]
    assert links[0].url.endswith("/art/2021/1/5/art_42_1.html")
    assert links[0].text == "甲县2020年政府信息公开工作年度报告"
    posts = [f for f in found if f.method == "POST"]
    assert [p.url.split("?")[1] for p in posts] == [
        "startrecord=2&endrecord=16&perpage=5",
        "startrecord=17&endrecord=31&perpage=5",
        "startrecord=32&endrecord=46&perpage=5",
    ]
    assert posts[0].formdata is not None
    assert posts[0].formdata["columnid"] == "42" and posts[0].formdata["unitid"] == "99"
    assert posts[0].formdata["webid"] == "7"
    answer = XmlResponse(
        posts[0].url,
        body=b"<datastore><recordset><record><![CDATA[<a href='/art/2021/2/1/art_42_2.html'>"
        + "乙局2020年政府信息公开工作年度报告".encode()
        + b"</a>]]></record></recordset></datastore>",
        request=Request(posts[0].url, meta={"platform": "hanweb", **posts[0].extra}),
    )
    assert [f.url.rsplit("/", 1)[1] for f in hanweb.discover(answer)] == ["art_42_2.html"]


def test_json_api_odd_keys_paging_and_browser_fallback() -> None:
    page = html(
        "<ul id='l'></ul><script>$.ajax({url: '/interface/getList.do?chnl=9&pageNo=1',"
        " success: function (d) { $('#l').html(d) }})</script>",
        role="column",
    )
    (api,) = [f for f in discover(page) if f.kind == "list"]
    assert api.url == "http://127.0.0.40/interface/getList.do?chnl=9&pageNo=1"
    data = {
        "result": {
            "totalPage": 3,
            "rows": [
                {
                    "docTitle": "丙区2021年政务公开年报",
                    "articleUrl": "/a/1.html",
                    "picUrl": "/p.png",
                }
            ],
        }
    }
    meta = {"platform": "jsonapi", "role": "list", **api.extra}
    answer = JsonResponse(
        api.url, body=json.dumps(data).encode(), request=Request(api.url, meta=meta)
    )
    found = list(discover(answer))
    assert ("http://127.0.0.40/a/1.html", "丙区2021年政务公开年报") in [
        (f.url, f.text) for f in found
    ]
    assert [f.url.rsplit("=", 1)[1] for f in found if f.kind == "list"] == ["2", "3"]
    empty = JsonResponse(api.url, body=b'{"code": 403}', request=Request(api.url, meta=meta))
    (fallback,) = list(discover(empty))
    assert fallback.render and fallback.url == BASE


def test_js_built_list_needs_the_browser_only_without_items() -> None:
    script = (
        "<a href='" + BASE + "'>政府信息公开年报</a><ul id='list'></ul><script>"
        "fetch('/api/' + location.hash.slice(1)).then(r => r.json()).then(d => "
        "{ document.getElementById('list').innerHTML = d.map(a => a.t).join('') })</script>"
    )
    assert needs_browser(html(script, role="column"), found_items=False) is not None
    assert needs_browser(html(script, role="column"), found_items=True) is None
    assert needs_browser(html(script, role="nav"), found_items=False) is None
    assert needs_browser(html("<ul></ul>", role="column"), found_items=False) is None


def test_xxgk_metadata_table_and_runs() -> None:
    table = html(
        "<table><tr><th>索引号</th><td>000014349/2022-00012</td><th>发布机构</th>"
        "<td>丁区民政局</td></tr><tr><th>成文日期</th><td>2022-01-20</td></tr></table>"
    )
    meta = page_metadata(table)
    assert meta["organ"] == "丁区民政局" and meta["written"] == "2022-01-20"
    runs = html(
        "<ul><li>索引号：11230/2021-1</li><li>发布机构：戊镇人民政府</li><li>成文日期：2021-02-01</li></ul>"
    )
    assert page_metadata(runs)["organ"] == "戊镇人民政府"
    assert page_metadata(html("<p>发布机构：某局</p>")) == {}


def test_plain_pages_have_no_platform() -> None:
    assert fingerprint(html("<a href='a.html'>新闻</a>")) == []
    assert isinstance(html(""), TextResponse)


def test_organ_from_content_source_only_when_it_names_one() -> None:
    def article(source: str) -> HtmlResponse:
        url = "http://127.0.0.40/zwgk/bmnb/202101/t20210120_1.html"
        head = f'<meta name="ContentSource" content="{source}">'
        body = f"<html><head>{head}</head><body><p>正文</p></body></html>"
        return HtmlResponse(url, body=body.encode(), encoding="utf-8")

    assert page_metadata(article("己区财政局")) == {"organ": "己区财政局"}
    assert page_metadata(article("己区人民政府网")) == {}


def test_a_list_of_look_alikes_with_a_counter_script_is_not_rendered() -> None:
    """Only look-alikes on the page and an XHR visit counter: the list is there, no browser."""
    from crawler.spiders.portals import PortalSpider

    page = html(
        "<ul><li><a href='./1.html'>关于做好2021年政府信息公开工作年度报告编制发布工作的通知</a></li></ul>"
        "<span id='count'></span><script>$.ajax({url: '/counter?page=nb'})"
        ".done(function (d) { $('#count').html(d) })</script>",
        role="column",
        portal={
            "code": "230104",
            "name": "道外区",
            "level": "county",
            "parent_code": None,
            "url": "http://127.0.0.40/",
            "portal_id": None,
        },
        hops=2,
    )
    spider = PortalSpider.__new__(PortalSpider)
    crawler = get_crawler(settings_dict={"NIANBAO_RENDER": "auto"})
    crawler._apply_settings()  # the extensions a crawl has before its spider runs
    spider.crawler = crawler
    from crawler.portal import PortalRef

    requests = list(spider._follow(page, PortalRef.from_meta(page.meta["portal"]), False))
    assert not any(r.meta.get("playwright") for r in requests), requests
