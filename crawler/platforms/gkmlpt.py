"""Guangdong gkmlpt (政府信息公开目录管理平台): a single-page app whose data is in its script.

Every page of the platform is an empty shell that a Vue bundle fills in, but
the data the bundle reads is written into the page itself, so no browser is
needed:

* ``/gkmlpt/index`` carries ``window._CONFIG = {SID: '…', TREE: [...]}``: the
  site id and the category tree (``id``, ``name``, ``children``, sometimes a
  ``jump_url``).  The 年报 column is the category whose name says so
  (政府信息公开年报, 部门年报 …; never 统计年报 or 政府网站工作年度报表), and its
  list is ``GET /gkmlpt/api/all/<catid>?page=N&sid=<SID>`` — JSON with
  ``total`` and ``articles[]`` that ``jsonapi`` reads and pages like any other
  list API.
* portals link the column as a hash route, ``/gkmlpt/annualreport#2629`` or
  ``/gkmlpt/index#2629``: the hash is the category id, which the fetched
  page itself does not repeat, so the link's request carries it along.
* an article ``/gkmlpt/content/<a>/<b>/post_<id>.html`` carries
  ``window._CONFIG.DETAIL = {...}``: title, dates, publisher, the ``content``
  HTML (with the report's tables) and the ``attachment`` list.
  ``article_view`` rebuilds that as a plain HTML page, so the spider judges,
  archives-and-parses and follows it like a TRS article; the raw page stays
  what the archive keeps.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from html import escape
from typing import Any
from urllib.parse import urlencode, urljoin

from scrapy.http import TextResponse

from crawler.columns import column_link_score
from crawler.platforms import Found

NAME = "gkmlpt"
#: a category whose name scores this high as a navigation anchor is a 年报 column
COLUMN_SCORE = 70
_CONFIG = re.compile(r"window\._CONFIG\s*=\s*\{")
_DETAIL = re.compile(r"window\._CONFIG\.DETAIL\s*=\s*(?=\{)")
_SID = re.compile(r"""\bSID\s*[:=]\s*['"]?(\w+)""")
_TREE = re.compile(r"\bTREE\s*[:=]\s*(?=\[)")
_API = "api/all/{catid}"
_HASH_ROUTE = re.compile(r"/gkmlpt/[\w/]*#/?(\d+)\s*$")
_TITLE_KEYS = ("title", "subject", "name")
_DATE_KEYS = ("first_publish_time", "display_publish_time", "publish_time", "date", "created_at")
_PUBLISHER_KEYS = ("publisher", "source", "fbjg", "EXT_fbjg")
_ATTACHMENT_KEYS = ("attachment", "attachments", "files")
_CHINA = timezone(timedelta(hours=8))


def detect(response: TextResponse) -> bool:
    text = response.text
    if "/gkmlpt/" in text and hash_routes(response):
        return True
    return bool(_CONFIG.search(text) or _DETAIL.search(text)) and (
        "/gkmlpt/" in response.url or "SID" in text or "DETAIL" in text
    )


def hash_routes(response: TextResponse) -> list[tuple[str, str, str]]:
    """(page URL, category id, text) of links to a 年报 category as a platform hash route."""
    if getattr(response.selector, "type", "html") == "json":
        return []
    out = []
    for a in response.xpath("//a[contains(@href, '/gkmlpt/')]"):
        href = a.attrib.get("href", "")
        found = _HASH_ROUTE.search(href)
        text = re.sub(r"\s+", "", a.attrib.get("title") or " ".join(a.xpath(".//text()").getall()))
        if found and column_link_score(text, "/") >= COLUMN_SCORE:
            out.append((urljoin(response.url, href.split("#", 1)[0]), found.group(1), text))
    return out


def _json_at(text: str, start: int) -> Any:
    """The JSON value starting at ``start`` (the platform writes its data as JSON)."""
    try:  # not strict: some templates leave raw line breaks inside the content string
        return json.JSONDecoder(strict=False).raw_decode(text, start)[0]
    except ValueError:
        return None


def site_config(text: str) -> tuple[str | None, list[dict[str, Any]]]:
    """(SID, category tree) from the page's ``window._CONFIG``."""
    sid = _SID.search(text)
    tree_at = _TREE.search(text)
    tree = _json_at(text, tree_at.end()) if tree_at else None
    return (sid.group(1) if sid else None), tree if isinstance(tree, list) else []


def report_categories(tree: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The leaf categories of every 年报 column (the API answers per category)."""
    for node in tree:
        if not isinstance(node, dict):
            continue
        children = node.get("children") or []
        if column_link_score(str(node.get("name") or ""), "/") >= COLUMN_SCORE:
            yield from _leaves([node])
        else:
            yield from report_categories(children)


def _leaves(tree: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for node in tree:
        if isinstance(node, dict):
            children = node.get("children") or []
            yield from _leaves(children) if children and not node.get("jump_url") else [node]


def _base(url: str) -> str:
    """The platform's root: sites run it under ``/gkmlpt/`` or under a department's prefix."""
    head, found, _ = url.partition("/gkmlpt/")
    return (head + found) if found else urljoin(url, "/gkmlpt/")


def discover(response: TextResponse) -> Iterator[Found]:
    text = response.text
    if _DETAIL.search(text):
        return  # an article: ``article_view`` reads it
    # navigation pages only, and once: a hash-route page must not chain to itself
    if response.meta.get("role") in ("home", "nav", "column") and not response.meta.get(
        "gkmlpt_catids"
    ):
        for url, catid, label in hash_routes(response):
            extra = {"gkmlpt_catids": [catid], "role": "column"}
            yield Found(url, label, kind="list", again=True, platform=NAME, extra=extra)
    sid, tree = site_config(text)
    hinted = [{"id": c} for c in response.meta.get("gkmlpt_catids") or []]
    base = _base(response.url)
    for node in [*hinted, *report_categories(tree)]:
        jump = node.get("jump_url")
        if jump:  # the column lives outside the platform: an ordinary link
            yield Found(urljoin(response.url, str(jump)), str(node.get("name") or ""))
            continue
        if node.get("id") in (None, ""):
            continue
        query = {"page": "1", **({"sid": sid} if sid else {})}
        url = base + _API.format(catid=node["id"]) + "?" + urlencode(query)
        yield Found(url, kind="list", platform="jsonapi")


def detail(text: str) -> dict[str, Any] | None:
    found = _DETAIL.search(text)
    data = _json_at(text, found.end()) if found else None
    return data if isinstance(data, dict) else None


def _pick(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        if record.get(key) not in (None, "", 0, []):
            return record[key]
    return None


def _date(value: Any) -> str | None:
    """An epoch (seconds or milliseconds, as the platform writes them) or a date string."""
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.isdigit()):
        seconds = float(value) / (1000 if float(value) > 1e11 else 1)
        return datetime.fromtimestamp(seconds, UTC).astimezone(_CHINA).date().isoformat()
    if isinstance(value, str):
        found = re.search(r"\d{4}-\d{1,2}-\d{1,2}", value)
        return found.group(0) if found else None
    return None


def _attachments(record: dict[str, Any], base: str) -> list[tuple[str, str]]:
    out = []
    for item in _pick(record, _ATTACHMENT_KEYS) or []:
        if isinstance(item, str):
            out.append((urljoin(base, item), ""))
        elif isinstance(item, dict) and isinstance(item.get("url") or item.get("path"), str):
            name = str(item.get("name") or item.get("title") or "")
            out.append((urljoin(base, item.get("url") or item.get("path")), name))
    return out


def article_html(record: dict[str, Any], url: str) -> str:
    """The DETAIL object as the article page a browser would show."""
    title = re.sub(r"<[^>]+>|\s+", "", str(_pick(record, _TITLE_KEYS) or ""))
    date = _date(_pick(record, _DATE_KEYS))
    publisher = str(_pick(record, _PUBLISHER_KEYS) or "")
    head = f"<title>{escape(title)}</title><meta name='ArticleTitle' content='{escape(title)}'>"
    head += f"<meta name='PubDate' content='{date}'>" if date else ""
    head += f"<meta name='ContentSource' content='{escape(publisher)}'>" if publisher else ""
    info = "".join(
        f"<tr><td>{label}</td><td>{escape(str(value))}</td></tr>"
        for label, value in (
            ("索引号：", record.get("identifier")),
            ("发布机构：", publisher),
            ("文号：", record.get("document_number")),
            ("发布日期：", date),
        )
        if value
    )
    files = "".join(
        f'<li><a href="{escape(link)}">{escape(name or link.rsplit("/", 1)[-1])}</a></li>'
        for link, name in _attachments(record, url)
    )
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head><body>'
        f'<table class="xxgk">{info}</table><h1>{escape(title)}</h1>'
        f'<div class="content">{record.get("content") or ""}</div>'
        f'<ul class="attachments">{files}</ul></body></html>'
    )


def article_view(response: TextResponse) -> TextResponse | None:
    """The article page rebuilt from its DETAIL object, or None when the page has none."""
    if "DETAIL" not in response.text:
        return None
    record = detail(response.text)
    if record is None:
        return None
    body = article_html(record, response.url).encode("utf-8")
    return response.replace(body=body, encoding="utf-8")
