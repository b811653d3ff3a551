"""Links a page's script writes: menus built from data in the page, ``document.write`` anchors.

Home pages and 信息公开 pages often ship an empty ``<ul id="nav">`` and a
script that fills it, from an array of menu objects in the page
(``[{name: '政府信息公开', url: '/xxgk/'}, …]``) or from anchors written as
strings (``document.write('<a href="/xxgk/nb/">政府信息公开年报</a>')``).
The link is in the source, so no browser is needed: read the anchors out of
the string literals and the (name, url) pairs out of the object literals.
Only literal URLs count; a URL assembled at run time is the browser's job.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from urllib.parse import urldefrag, urljoin

from scrapy.http import TextResponse

from crawler.columns import column_link_score
from crawler.links import page_links
from crawler.platforms import Found

NAME = "scriptlinks"
#: an anchor inside a script string (quotes may be escaped); its href a literal
_ANCHOR = re.compile(
    r"""<a\b[^<>]*?\bhref\s*=\s*\\?(['"])([^'"<>\\+]+)\\?\1[^<>]*>(.*?)<\\?/a>""", re.I | re.S
)
_OBJECT = re.compile(r"\{[^{}]{0,400}\}")
#: how deep menus nest (menu → submenu → entry …)
NESTING = 4
_TEXT_KEYS = ("name", "title", "text", "label", "channelName", "menuName", "columnName", "catName")
_URL_KEYS = ("url", "href", "link", "linkUrl", "path", "channelUrl", "menuUrl", "jumpUrl")
_PAIR = r"""(?<![\w$])['"]?{key}['"]?\s*:\s*(['"])(.*?)\1"""
#: the roles whose pages lead toward the column (a report's scripts are not navigation)
ROLES = ("home", "nav", "column", "list")


def _scripts(response: TextResponse) -> str:
    """The page's inline scripts, JSON data islands and templates (XML data stores left out:
    their records are a platform's, ``hanweb`` reads them)."""
    return "\n".join(
        response.xpath(
            "//script[not(@src)][not(@type) or contains(@type, 'javascript')"
            " or contains(@type, 'json') or contains(@type, 'template')]/text()"
        ).getall()
    )


def _field(chunk: str, keys: tuple[str, ...]) -> str | None:
    for key in keys:
        found = re.search(_PAIR.format(key=key), chunk)
        if found and found.group(2).strip():
            return found.group(2).strip()
    return None


def links(response: TextResponse) -> Iterator[tuple[str, str]]:
    """(absolute URL, text) of every literal link the page's scripts hold."""
    if getattr(response.selector, "type", "html") == "json":
        return
    text = _scripts(response)
    if not text:
        return
    found: list[tuple[str, str]] = []
    for m in _ANCHOR.finditer(text):
        label = html.unescape(re.sub(r"<[^>]+>|\s+|\\[nrt]", "", m.group(3)))
        found.append((m.group(2), label))
    found += _menu_items(text)
    seen: set[str] = set()
    for raw, label in found:
        url = urldefrag(urljoin(response.url, raw.replace("\\/", "/").strip()))[0]
        if url.startswith(("http://", "https://")) and url not in seen:
            seen.add(url)
            yield url, label


def leads_toward_column(response: TextResponse) -> bool:
    """Some link of the page (or of its script's menu data) points toward 政府信息公开."""
    found = [*page_links(response), *links(response)]
    return any(column_link_score(text, url) > 0 for url, text in found)


def _menu_items(text: str) -> list[tuple[str, str]]:
    """(url, name) of every object literal with both, innermost first: a menu entry with
    ``children: [...]`` is read once its children are taken out."""
    out: list[tuple[str, str]] = []
    for _ in range(NESTING):
        chunks = list(_OBJECT.finditer(text))
        if not chunks:
            break
        for m in chunks:
            href, name = _field(m.group(0), _URL_KEYS), _field(m.group(0), _TEXT_KEYS)
            if href and name and not href.startswith(("javascript", "#")):
                out.append((href, re.sub(r"<[^>]+>|\s+", "", name)))
        text = _OBJECT.sub("0", text)
    return out


def detect(response: TextResponse) -> bool:
    return response.meta.get("role") in ROLES and any(True for _ in links(response))


def discover(response: TextResponse) -> Iterator[Found]:
    if response.meta.get("role") not in ROLES:
        return
    for url, text in links(response):
        yield Found(url, text)
