"""大汉 Hanweb jcms: list records in an XML data store, the rest from ``dataproxy.jsp``.

A jcms column page (``/col/colNNN/index.html``) carries its first records in
``<script type="text/xml"><datastore>…<record><![CDATA[<li>…]]></record>``, not
as anchors the browser-less walk would see in the DOM, and the jpage script
fetches the rest by POST to ``/module/web/jpage/dataproxy.jsp`` with
``startrecord``/``endrecord``/``perpage`` in the query and the column's
parameters (col, appid, webid, path, columnid, sourceContentType, unitid,
webname, permissiontype) as form fields; the answer is the same XML.  The
static ``index_1.html`` is often a 404, so the proxy is the only way to page.
Downloads go through ``downfile.jsp``, a 302 to the file (the redirect
middleware follows it; the name is in ``Content-Disposition``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

from scrapy.http import HtmlResponse, TextResponse

from crawler.links import page_links
from crawler.platforms import Found

NAME = "hanweb"
PROXY = "/module/web/jpage/dataproxy.jsp"
FIELDS = (
    "col",
    "appid",
    "webid",
    "path",
    "columnid",
    "sourceContentType",
    "unitid",
    "webname",
    "permissiontype",
)
DEFAULTS = {"col": "1", "appid": "1", "webid": "1", "path": "/", "sourceContentType": "1"}
_RECORD = re.compile(r"<record>\s*<!\[CDATA\[(.*?)\]\]>\s*</record>", re.S | re.I)
_TOTAL = re.compile(r"totalRecord\s*[:=]\s*['\"]?(\d+)|<totalrecord>\s*(\d+)", re.I)
_PERPAGE = re.compile(r"perPage\s*[:=]\s*['\"]?(\d+)|<perpage>\s*(\d+)", re.I)
_COLUMN = re.compile(r"/col/col(\d+)/")
#: records asked for in one proxy call (jpage asks three pages at a time)
GROUP_PAGES = 3
MAX_RECORDS = 3000


def detect(response: TextResponse) -> bool:
    text = response.text
    return "<datastore" in text.lower() or PROXY in text or "/module/jslib/jpage" in text


def records(response: TextResponse) -> list[str]:
    return _RECORD.findall(response.text)


def _number(pattern: re.Pattern[str], text: str) -> int | None:
    found = pattern.search(text)
    return int(next(g for g in found.groups() if g)) if found else None


def form_fields(text: str, url: str) -> dict[str, str]:
    """The column's proxy parameters as the page's jpage config (or nextgroup link) states them."""
    form = dict(DEFAULTS)
    for name in FIELDS:
        found = re.search(rf"""\b{name}\s*[:=]\s*['"]?([^'",}}&\s<]*)""", text)
        if found and found.group(1):
            form[name] = found.group(1)
    column = _COLUMN.search(url)
    if "columnid" not in form and column:
        form["columnid"] = column.group(1)
    form.setdefault("unitid", form.get("columnid", ""))
    form.setdefault("webname", "")
    form.setdefault("permissiontype", "0")
    return form


def _proxy(response: TextResponse, form: dict[str, str], start: int, per: int) -> Found:
    end = start + per * GROUP_PAGES - 1
    url = urljoin(response.url, f"{PROXY}?startrecord={start}&endrecord={end}&perpage={per}")
    extra = {"hanweb": {"form": form, "start": start, "end": end, "perpage": per}}
    return Found(url, kind="list", method="POST", formdata=form, platform=NAME, extra=extra)


def discover(response: TextResponse) -> Iterator[Found]:
    got = records(response)
    for chunk in got:
        fragment = HtmlResponse(url=response.url, body=chunk.encode("utf-8"), encoding="utf-8")
        for url, text in page_links(fragment):
            yield Found(url, text)
    asked = response.meta.get("hanweb")
    if asked:  # a proxy answer: page on only when the total was unknown and the group was full
        if asked.get("chained") and len(got) >= asked["end"] - asked["start"] + 1:
            nxt = _proxy(response, asked["form"], asked["end"] + 1, asked["perpage"])
            nxt.extra["hanweb"]["chained"] = True
            yield nxt
        return
    if not got and PROXY not in response.text:
        return
    text = response.text
    form = form_fields(text, response.url)
    if "columnid" not in form:
        return
    per = _number(_PERPAGE, text) or 15
    total = _number(_TOTAL, text)
    if total is None:  # unknown size: ask group after group until one comes back short
        first = _proxy(response, form, len(got) + 1, per)
        first.extra["hanweb"]["chained"] = True
        yield first
        return
    for start in range(len(got) + 1, min(total, MAX_RECORDS) + 1, per * GROUP_PAGES):
        yield _proxy(response, form, start, per)
