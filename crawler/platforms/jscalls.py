"""What a page's script sends to a list endpoint: method, URL and data, read from the source.

A list page that POSTs for its items writes the request in its script:
``$.ajax({url: '…', type: 'POST', data: {channelId: '1029', pageNo: 1}})``,
``$.post('…', {…})``, ``axios.post('…', {…})`` or
``fetch('…', {method: 'POST', body: JSON.stringify({…})})``.  When the URL
and every value of the data are literals (or variables the page sets to
literals), the request can be replayed without a browser; a page number
passed in as an argument is page 1.  A value only computed at run time
(a signature, a timestamp, a cookie) makes the call unreadable: ``None``,
and the browser builds the list.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

#: call openers whose arguments hold a request (nearest one before the URL wins)
_OPENER = re.compile(
    r"\$\.(?:ajax|post|get|getJSON)\s*\(|jQuery\.(?:ajax|post)\s*\(|\bfetch\s*\("
    r"|\baxios(?:\.(?:post|get|request))?\s*\(|\.open\s*\(\s*['\"](?:POST|GET)['\"]\s*,",
    re.I,
)
_POST_OPENER = re.compile(r"\.post\s*\(|\.open\s*\(\s*['\"]POST", re.I)
_POST_OPTION = re.compile(r"""\b(?:type|method)\s*:\s*['"]post['"]""", re.I)
_DATA = re.compile(r"\b(?:data|body|params)\s*:\s*")
_STRINGIFY = re.compile(r"JSON\.stringify\s*\(\s*")
_PAIR = re.compile(
    r"""(?:^|,)\s*(?:['"]([^'"]+)['"]|([A-Za-z_$][\w$]*))\s*:\s*"""
    r"""('[^']*'|"[^"]*"|-?\d+(?:\.\d+)?|true|false|null|[A-Za-z_$][\w$.]*)\s*(?=,|$)"""
)
_PAGE_KEYS = re.compile(r"^(page|pageNo|pageNum|pageIndex|curPage|current|p|currentPage)$", re.I)
#: how far before an API URL its call may open
REACH = 160


@dataclass(frozen=True)
class Call:
    method: str
    #: the data as fields (form or JSON object); None when the call sends none
    data: dict[str, Any] | None = None
    json: bool = False

    def body(self) -> str | None:
        """The JSON body to send, for a JSON call."""
        return json.dumps(self.data, ensure_ascii=False) if self.json and self.data else None

    def form(self) -> dict[str, str]:
        """The data as form fields."""
        return {k: _form_value(v) for k, v in (self.data or {}).items()}


def _form_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _closing(text: str, start: int) -> int:
    """Index after the bracket that closes the one at ``start`` (strings skipped)."""
    pairs = {"(": ")", "{": "}", "[": "]"}
    stack: list[str] = []
    i, quote = start, ""
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\":
                i += 1
            elif ch == quote:
                quote = ""
        elif ch in "'\"`":
            quote = ch
        elif ch in pairs:
            stack.append(pairs[ch])
        elif stack and ch == stack[-1]:
            stack.pop()
            if not stack:
                return i + 1
        i += 1
    return len(text)


_COMPUTED = object()


def _typed(raw: str) -> Any:
    if raw[:1] in "'\"":
        return raw[1:-1]
    return json.loads(raw) if re.fullmatch(r"-?\d+(?:\.\d+)?|true|false|null", raw) else _COMPUTED


def _value(raw: str, key: str, page: str) -> Any:
    """A literal's value, a variable's literal value, or ``_COMPUTED``."""
    value = _typed(raw)
    if value is not _COMPUTED:
        return value
    found = re.search(
        rf"""(?:var|let|const)\s+{re.escape(raw)}\s*=\s*('[^']*'|"[^"]*"|-?\d+)""", page
    )
    if found:
        return _typed(found.group(1))
    return 1 if _PAGE_KEYS.match(key) else _COMPUTED  # a page number passed in: the first page


def object_literal(raw: str, page: str) -> dict[str, Any] | None:
    """A flat JS object literal as fields; None when a value is computed at run time."""
    inner = raw.strip()
    if not (inner.startswith("{") and inner.endswith("}")):
        return None
    inner = re.sub(r"\s+", " ", inner[1:-1]).strip().rstrip(",")
    out: dict[str, Any] = {}
    consumed = 0
    for m in _PAIR.finditer(inner):
        if inner[consumed : m.start()].strip(" ,"):
            return None  # something between pairs the pattern could not read (a call, a nest)
        key = m.group(1) or m.group(2)
        value = _value(m.group(3), key, page)
        if value is _COMPUTED:
            return None
        out[key] = value
        consumed = m.end()
    return out if not inner[consumed:].strip(" ,") else None


def _data(args: str, page: str, positional: bool) -> tuple[dict[str, Any] | None, bool, bool]:
    """(fields, is JSON, readable) of the call's data argument."""
    found = _DATA.search(args)
    if found is None and positional:  # $.post(url, {…}) / axios.post(url, {…})
        found = re.search(r"""^\s*(?:['"][^'"]*['"]|[A-Za-z_$][\w$.]*)\s*,\s*""", args)
    if found is None:
        return None, False, True
    at = found.end()
    is_json = "application/json" in args.lower()
    stringify = _STRINGIFY.match(args, at)
    if stringify:
        at, is_json = stringify.end(), True
    if args[at : at + 1] == "{":
        fields = object_literal(args[at : _closing(args, at)], page)
        return fields, is_json, fields is not None
    literal = re.match(r"""'([^']*)'|"([^"]*)\"""", args[at:])
    if literal and re.match(r"\s*\+", args[at + literal.end() :]):
        return None, is_json, False  # a body assembled at run time
    if literal:
        raw = literal.group(1) if literal.group(1) is not None else literal.group(2)
        try:
            loaded = json.loads(raw)
            return dict(loaded), True, True
        except (ValueError, AttributeError):
            pairs = [p.partition("=") for p in raw.split("&") if p]
            return {k: v for k, _, v in pairs}, False, True
    name = re.match(r"[A-Za-z_$][\w$]*", args[at:])
    if name:  # data: params, with ``var params = {…}`` in the page
        decl = re.search(rf"(?:var|let|const)\s+{re.escape(name.group(0))}\s*=\s*(?=\{{)", page)
        if decl:
            fields = object_literal(page[decl.end() : _closing(page, decl.end())], page)
            return fields, is_json, fields is not None
    return None, is_json, False


def _enclosing(text: str, start: int) -> re.Match[str] | None:
    """The nearest call opened before ``start`` and not yet closed there."""
    for opener in reversed(list(_OPENER.finditer(text, max(0, start - REACH), start))):
        if _closing(text, opener.end() - 1) > start:
            return opener
    return None


def call_at(text: str, start: int, end: int) -> Call | None:
    """The request the call around the URL literal at ``start:end`` makes; None if unreadable.

    A URL kept in a variable (``var url = '/api/list'; $.ajax({url: url, …})``)
    is read at the call that uses the variable.
    """
    opener = _enclosing(text, start)
    if opener is None:
        name = re.search(
            r"(?:var|let|const)\s+([A-Za-z_$][\w$]*)\s*=\s*$", text[max(0, start - 60) : start]
        )
        use = name and re.search(
            rf"(?:\burl\s*:\s*|\.(?:ajax|post|get|getJSON)\s*\(\s*|\bfetch\s*\(\s*)"
            rf"{re.escape(name.group(1))}\b",
            text[end:],
        )
        opener = _enclosing(text, end + use.end()) if use else None
    if opener is None:
        return Call("GET")
    args = text[opener.end() : _closing(text, opener.end() - 1) - 1]
    post = bool(_POST_OPENER.search(opener.group(0)) or _POST_OPTION.search(args))
    positional = bool(re.search(r"\.(?:post|get|getJSON)\s*\($", opener.group(0).rstrip(), re.I))
    fields, is_json, readable = _data(args, text, positional)
    if not readable:  # a GET still answers at its bare URL (as before); a POST cannot be guessed
        return None if post else Call("GET")
    if not post:
        return Call("GET", fields)
    return Call("POST", fields or {}, is_json)
