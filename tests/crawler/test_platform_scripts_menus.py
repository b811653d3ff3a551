"""Menus read from a page's script: data arrays, written anchors, named JSON, children.

A home or navigation page whose menu only its script holds still leads on:
menu data (arrays of objects, entries with children), anchors written by
``document.write`` or ``.html()``, a menu loaded from a URL the script names.
The browser renders a home page only when nothing leads on from it.  (A
menu in a JSON data island is read beside the JSONP answers, in
``test_platform_scripts_lists``.)
"""

from __future__ import annotations

from crawler.platforms import discover, needs_browser, scriptlinks
from tests.crawler.script_pages import BASE, html


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
