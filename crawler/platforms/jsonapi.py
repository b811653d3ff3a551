"""Lists filled from a JSON API whose URL the page states (开普云/Ucap, xxgk platforms).

Many newer list pages ship an empty ``<ul>`` and a script that GETs or POSTs
for a JSON list (or an HTML fragment) at a URL written in the page (a string
literal or a ``data-url`` attribute).  When the URL and the data sent are
there to read (``jscalls``), no browser is needed: send the same request,
take every record with a title and a URL, and page through with the page
parameter (in the query, or in the posted fields) up to the total the API
reports.  A URL or data only computed at run time is the browser's job
(``jsbuilt``), whose logged calls come back here to be paged.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from scrapy.http import TextResponse

from crawler.middlewares.browser_answer import FULFIL, answer_from
from crawler.platforms import Found
from crawler.platforms.jsbuilt import rendered
from crawler.platforms.jscalls import Call, call_at

NAME = "jsonapi"
_API_LITERAL = re.compile(r"""['"]((?:https?:/)?/[^'"\s<>]+)['"]""")
_API_WORDS = re.compile(
    r"/api/|\.json|get\w{0,20}List|list\.do|list\.action|queryList|dataList|/interface/", re.I
)
_CONCAT = re.compile(r"\s*\+")
_DATA_ATTR = re.compile(r"""\bdata-(?:url|api|src)\s*=\s*['"]([^'"]+)['"]""", re.I)
_TITLE_KEYS = ("title", "doctitle", "bt", "subject", "maintitle", "showtitle", "name")
_URL_KEYS = ("url", "link", "href", "docurl", "docpuburl", "linkurl", "pageurl", "detailurl")
#: keys that name a URL but never an article's (pictures, icons)
_NOT_ARTICLE_URL = re.compile(r"img|pic|thumb|icon|logo|cover|photo|image", re.I)
_PAGE_PARAMS = ("page", "pageNo", "pageNum", "pageIndex", "curPage", "current", "p")
_TOTAL_PAGES = ("totalPage", "totalPages", "pageCount", "pages", "total_page")
_TOTAL_ITEMS = ("total", "totalCount", "totalRecord", "count", "totalElements", "post_count")
_SIZE_KEYS = ("pageSize", "size", "perPage", "rows", "limit")
MAX_PAGES = 50
#: request meta of a list call: the answer of the page whose script makes it, read plainly
_ORIGIN = "jsonapi_origin_answer"


def detect(response: TextResponse) -> bool:
    return response.meta.get("platform") == NAME or bool(api_urls(response))


def api_urls(response: TextResponse) -> list[str]:
    """API URLs written in a column or list page (elsewhere a ``/api/`` is a search box)."""
    return [url for url, _ in api_calls(response)]


def api_calls(response: TextResponse) -> list[tuple[str, Call | None]]:
    """Each API URL of a column or list page with the request its script makes there
    (None: a POST of data computed at run time)."""
    if _is_json(response) or not _lists_here(response):
        return []
    text = response.text
    found: dict[str, Call | None] = {}
    for m in _API_LITERAL.finditer(text):
        raw = m.group(1)
        # a literal continued with ``+`` is only part of a URL computed at run time
        if not _API_WORDS.search(raw) or raw.split("?")[0].endswith(".js"):
            continue
        if "/gkmlpt/api/" in raw:  # the platform's own calls: ``gkmlpt`` completes them
            continue
        if _CONCAT.match(text, m.end()):
            continue
        found.setdefault(raw, call_at(text, m.start(), m.end()))
    for raw in _DATA_ATTR.findall(text):
        found.setdefault(raw, Call("GET"))
    return [(urljoin(response.url, raw), call) for raw, call in found.items()]


def _lists_here(response: TextResponse) -> bool:
    """A column or list page; or a home or navigation page whose menu only its script
    loads (no link toward 政府信息公开 in the page): elsewhere an API is a search box."""
    from crawler.platforms import scriptlinks

    role = response.meta.get("role")
    if role in ("column", "list"):
        return True
    return role in ("home", "nav") and not scriptlinks.leads_toward_column(response)


def request_for(url: str, call: Call, **extra: Any) -> Found:
    """The list request a script call makes (GET data goes into the query)."""
    if call.method == "POST":
        post = {"data": call.data or {}, "json": call.json}
        form = None if call.json else call.form()
        body = call.body() or ("{}" if call.json else None)
        return Found(
            url,
            kind="list",
            method="POST",
            formdata=form,
            body=body,
            platform=NAME,
            extra={**extra, "jsonapi_post": post},
        )
    if call.data:
        parts = urlsplit(url)
        query = urlencode({**dict(parse_qsl(parts.query)), **call.form()})
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))
    return Found(url, kind="list", platform=NAME, extra=extra)


def _is_json(response: TextResponse) -> bool:
    ctype = (response.headers.get("Content-Type") or b"").decode("latin-1").lower()
    head = response.text.lstrip()[:200]
    return "json" in ctype or head[:1] in ("{", "[") or bool(_JSONP.match(head))


#: a JSONP answer: ``/**/jQuery1830_17({...});`` around the JSON
_JSONP = re.compile(r"(?:/\*.*?\*/\s*)*[\w$.]{1,80}\s*\(\s*(?=[\[{])", re.S)


def _json_of(text: str) -> Any:
    """The JSON value of an answer, JSONP wrapper or not; None when it holds none."""
    text = text.strip()
    wrapped = _JSONP.match(text)
    if wrapped:
        text = text[wrapped.end() :].rstrip().rstrip(";").rstrip()[:-1]
    try:
        return json.loads(text)
    except ValueError:
        return None


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, dict):
        yield data
        for value in data.values():
            yield from _walk(value)
    elif isinstance(data, list):
        for value in data:
            yield from _walk(value)


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    lowered = {k.lower(): v for k, v in record.items()}
    for key in keys:
        if lowered.get(key.lower()) not in (None, ""):
            return lowered[key.lower()]
    return None


def _more_pages(response: TextResponse, data: Any) -> Iterator[Found]:
    """Pages 2… of a paged API, when this is its first page and it says how many there are."""
    keys = {k.lower() for k in (*_TOTAL_PAGES, *_TOTAL_ITEMS)}
    merged = next((d for d in _walk(data) if keys & {k.lower() for k in d}), {})
    pages = _first(merged, _TOTAL_PAGES)
    total, size = _first(merged, _TOTAL_ITEMS), _first(merged, _SIZE_KEYS)
    yield from _pages_after(response, pages, total, size, len(list(_records(data))))


def _fragment_pages(response: TextResponse) -> Iterator[Found]:
    """Pages 2… of a list answered as an HTML fragment, from its pager's 共N页 / 共N条
    (or the hidden ``totalPage`` / ``totalRecord`` fields it carries)."""
    text = " ".join(response.xpath("//text()[not(ancestor::script)]").getall())
    for field in response.xpath("//input[@type='hidden']"):
        text += f" {field.attrib.get('id') or field.attrib.get('name')}={field.attrib.get('value')}"
    pages = _group(re.search(r"共\s*(\d+)\s*页|(?:totalPage|pageCount)\W{0,3}(\d+)", text, re.I))
    total = _group(re.search(r"共\s*(\d+)\s*条|(?:totalRecord|totalCount)\W{0,3}(\d+)", text, re.I))
    yield from _pages_after(response, pages, total, None, len(response.xpath("//a[@href]")))


def _group(found: re.Match[str] | None) -> str | None:
    return next((g for g in found.groups() if g), None) if found else None


def _pages_after(
    response: TextResponse, pages: Any, total: Any, size: Any, got: int
) -> Iterator[Found]:
    """The requests for the pages after this one, by the page field of its query or form."""
    parts = urlsplit(response.url)
    post = response.meta.get("jsonapi_post")
    query = dict(post["data"]) if post else dict(parse_qsl(parts.query))
    param = next((p for p in _PAGE_PARAMS if p in query), None)
    if param is None or response.meta.get("jsonapi_paged"):
        return
    if pages is None and _number(total):
        asked = query.get(next((k for k in _SIZE_KEYS if k in query), ""))
        # ``rows`` names a page size in some APIs and the records themselves in others
        per = int(size) if _number(size) else int(str(asked)) if _number(asked) else 0
        pages = -(-int(total) // (per or max(1, got)))
    first = int(query[param]) if str(query[param]).isdigit() else 1
    pages = int(pages) if _number(pages) else 1
    for n in range(first + 1, first + min(pages, MAX_PAGES)):
        if post:
            page = n if isinstance(query[param], int) else str(n)
            call = Call("POST", {**query, param: page}, post["json"])
            yield request_for(response.url, call, jsonapi_paged=True)
            continue
        q = urlencode({**query, param: str(n)})
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, q, ""))
        yield Found(url, kind="list", platform=NAME, extra={"jsonapi_paged": True})


def _number(value: Any) -> bool:
    return isinstance(value, int | float) or (isinstance(value, str) and value.isdigit())


def _fuzzy(record: dict[str, Any], keys: tuple[str, ...], suffixes: tuple[str, ...]) -> Any:
    """A known key first, else any key ending like one (``docTitle``, ``articleUrl`` …)."""
    found = _first(record, keys)
    if found is not None:
        return found
    for key, value in record.items():
        low = key.lower()
        if low.endswith(suffixes) and not _NOT_ARTICLE_URL.search(low) and value:
            return value
    return None


def _as_read(response: TextResponse) -> dict[str, Any]:
    """The list page's plain answer, for the browser should its call answer empty."""
    request = response.request
    if response.meta.get("playwright") or request is None or request.method != "GET":
        return {}
    answer = answer_from(response)
    return {_ORIGIN: answer} if answer is not None else {}


def _records(data: Any) -> Iterator[tuple[str, str]]:
    for record in _walk(data):
        title = _fuzzy(record, _TITLE_KEYS, ("title",))
        url = _fuzzy(record, _URL_KEYS, ("url", "link", "href"))
        if isinstance(title, str) and isinstance(url, str) and not url.startswith("javascript"):
            yield url, re.sub(r"<[^>]+>|\s+", "", title)


def discover(response: TextResponse) -> Iterator[Found]:
    role = response.meta.get("role")
    if not _is_json(response):  # a list page (or an HTML fragment a POST answered)
        calls = api_calls(response)
        # the page as read plainly: should its API answer empty, the browser is given it
        page = _as_read(response) if calls else {}
        for url, call in calls:
            if call is not None:
                yield request_for(url, call, jsonapi_from=response.url, jsonapi_role=role, **page)
        if any(call is None for _, call in calls) and not response.meta.get("playwright"):
            # a list POSTed with what only its script computes: the browser builds it
            yield rendered(response.url, role)
        if response.meta.get("jsonapi_from"):  # an HTML fragment a list call answered
            yield from _fragment_pages(response)
        return
    data = _json_of(response.text)
    records = list(_records(data)) if data is not None else []
    for url, title in records:
        yield Found(urljoin(response.url, url), title)
    if data is not None:
        yield from _more_pages(response, data)
    origin = response.meta.get("jsonapi_from")
    if not records and origin and not response.meta.get("jsonapi_paged"):
        # the API wants what only the page's script sends: let the browser build the list,
        # from the page as it was read plainly (the portal is not asked for it again)
        found = rendered(origin, response.meta.get("jsonapi_role"))
        read = response.meta.get(_ORIGIN)
        yield replace(found, extra=found.extra | {FULFIL: read}) if read is not None else found
