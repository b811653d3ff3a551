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
* an article carries its data in ``window._CONFIG.DETAIL``: ``gkmlpt_article``
  reads it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urljoin

from scrapy.http import TextResponse

from crawler.columns import column_link_score
from crawler.platforms import Found

NAME = "gkmlpt"
#: a category whose name scores this high as a navigation anchor is a 年报 column
COLUMN_SCORE = 70
_CONFIG = re.compile(r"window\._CONFIG\s*=\s*\{")
DETAIL = re.compile(r"window\._CONFIG\.DETAIL\s*=\s*(?=\{)")
_SID = re.compile(r"""\bSID['"]?\s*[:=]\s*['"]?(\w+)""", re.I)
_TREE = re.compile(r"""\bTREE['"]?\s*[:=]\s*(?=\[)""")
#: a category's list named in the page's own script (``'/gkmlpt/api/all/2629?page=' + n``)
_LIST_LITERAL = re.compile(r"""gkmlpt/api/all/(\d+)""")
#: another platform API the script names, such as the category tree: fetched and read here
_TREE_LITERAL = re.compile(
    r"""['"]((?:https?://[^'"/]+)?/[^'"\s]*gkmlpt/api/(?!all/)[^'"\s]*)['"]"""
)
_API = "api/all/{catid}"
_HASH_ROUTE = re.compile(r"/gkmlpt/[\w/]*#/?(\d+)\s*$")


def detect(response: TextResponse) -> bool:
    text = response.text
    if "/gkmlpt/" in text and hash_routes(response):
        return True
    return bool(_CONFIG.search(text) or DETAIL.search(text)) and (
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


def json_at(text: str, start: int) -> Any:
    """The JSON value starting at ``start`` (the platform writes its data as JSON)."""
    try:  # not strict: some templates leave raw line breaks inside the content string
        return json.JSONDecoder(strict=False).raw_decode(text, start)[0]
    except ValueError:
        return None


def site_config(text: str) -> tuple[str | None, list[dict[str, Any]]]:
    """(SID, category tree) from the page's ``window._CONFIG``."""
    sid = _SID.search(text)
    tree_at = _TREE.search(text)
    tree = json_at(text, tree_at.end()) if tree_at else None
    return (sid.group(1) if sid else None), tree if isinstance(tree, list) else []


def report_categories(tree: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """The leaf categories of every 年报 column (the API answers per category)."""
    for node in tree:
        if not isinstance(node, dict):
            continue
        children = _children(node)
        if column_link_score(_name(node), "/") >= COLUMN_SCORE:
            yield from _leaves([node])
        else:
            yield from report_categories(children)


def _name(node: dict[str, Any]) -> str:
    return str(node.get("name") or node.get("title") or node.get("classify_name") or "")


def _children(node: dict[str, Any]) -> list[dict[str, Any]]:
    found = node.get("children") or node.get("child") or node.get("sub") or []
    return found if isinstance(found, list) else []


def _leaves(tree: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for node in tree:
        if isinstance(node, dict):
            children = _children(node)
            yield from _leaves(children) if children and not node.get("jump_url") else [node]


def _base(url: str) -> str:
    """The platform's root: sites run it under ``/gkmlpt/`` or under a department's prefix."""
    head, found, _ = url.partition("/gkmlpt/")
    return (head + found) if found else urljoin(url, "/gkmlpt/")


def discover(response: TextResponse) -> Iterator[Found]:
    text = response.text
    if getattr(response.selector, "type", "html") == "json":
        yield from _tree_answer(response)
        return
    if DETAIL.search(text):
        return  # an article: ``gkmlpt_article`` reads it
    # navigation pages only, and once: a hash-route page must not chain to itself
    if response.meta.get("role") in ("home", "nav", "column") and not response.meta.get(
        "gkmlpt_catids"
    ):
        for url, catid, label in hash_routes(response):
            extra = {"gkmlpt_catids": [catid], "role": "column"}
            yield Found(url, label, kind="list", again=True, platform=NAME, extra=extra)
    sid, tree = site_config(text)
    hinted = [*(response.meta.get("gkmlpt_catids") or []), *_LIST_LITERAL.findall(text)]
    if not tree and sid:  # the tree comes from an API the script names
        for raw in dict.fromkeys(_TREE_LITERAL.findall(text)):
            url = urljoin(response.url, raw + (sid if raw.endswith("sid=") else ""))
            yield Found(url, kind="list", platform=NAME, extra={"gkmlpt_sid": sid})
    yield from _lists(response.url, sid, [*({"id": c} for c in hinted), *report_categories(tree)])


def _lists(url: str, sid: str | None, nodes: list[dict[str, Any]]) -> Iterator[Found]:
    base = _base(url)
    for node in nodes:
        jump = node.get("jump_url")
        if jump:  # the column lives outside the platform: an ordinary link
            yield Found(urljoin(url, str(jump)), _name(node))
            continue
        if node.get("id") in (None, ""):
            continue
        query = {"page": "1", **({"sid": sid} if sid else {})}
        yield Found(
            base + _API.format(catid=node["id"]) + "?" + urlencode(query),
            kind="list",
            platform="jsonapi",
        )


def _tree_answer(response: TextResponse) -> Iterator[Found]:
    """A category tree fetched from the platform's API: the lists of its 年报 categories."""
    data = json_at(response.text, len(response.text) - len(response.text.lstrip()))
    for nodes in _node_lists(data):
        found = list(report_categories(nodes))
        if found:
            yield from _lists(response.url, response.meta.get("gkmlpt_sid"), found)
            return


def _node_lists(data: Any) -> Iterator[list[dict[str, Any]]]:
    """Every list of category nodes (dicts with an id and a name) in a JSON answer."""
    if isinstance(data, list):
        if data and all(isinstance(n, dict) and "id" in n and _name(n) for n in data):
            yield data
        for item in data:
            yield from _node_lists(item)
    elif isinstance(data, dict):
        for value in data.values():
            yield from _node_lists(value)
