"""TRS WCM: paging from ``createPageHTML(N, cur, "index", "html")``, attachments from OLDSRC.

TRS writes its pager with a script call, so a list page has no ``index_1.html``
anchor to follow: the page count is an argument (sometimes a variable, with
a container id first in some templates, or ``pageControl(…)``).  Pages are
``index.html``, ``index_1.html`` … ``index_{N-1}.html`` beside the current
one.  Attachments are ``./P0….pdf``, sometimes only in an ``OLDSRC``
attribute or a script variable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urljoin

from scrapy.http import TextResponse

from crawler.platforms import Found

NAME = "trs"

_CALL = re.compile(r"\b(?:createPageHTML|createPage|pageControl)\s*\(([^()]*)\)")
_ARTICLE = re.compile(r"/\d{6}/t\d{8}_\d+\.s?html?")
_VAR = r"(?:var|let|const)?\s*{name}\s*=\s*['\"]?(\w+)['\"]?"
_OLDSRC = re.compile(r"""\bOLDSRC\s*=\s*['"]([^'"]+)['"]""", re.I)
_SCRIPT_FILE = re.compile(
    r"""['"]([^'"\s<>]*?P0[^'"\s<>]*?\.(?:pdf|docx?|xlsx?|wps|et|ofd|zip|rar))['"]""", re.I
)
#: never page further than this, whatever a script claims
MAX_PAGES = 50


def detect(response: TextResponse) -> bool:
    text = response.text
    return bool(
        _CALL.search(text) or "TRS_Editor" in text or "OLDSRC" in text or _ARTICLE.search(text)
    )


def _args(text: str, raw: str) -> list[str]:
    """The call's arguments, quotes stripped, variables looked up in the page."""
    out = []
    for arg in raw.split(","):
        arg = arg.strip().strip("'\"")
        if re.fullmatch(r"[A-Za-z_]\w*", arg):
            found = re.search(_VAR.format(name=re.escape(arg)), text)
            arg = found.group(1) if found else arg
        out.append(arg)
    return out


def page_urls(response: TextResponse) -> list[str]:
    """The other pages of this list, from the pager script call."""
    text = response.text
    call = _CALL.search(text)
    if call is None:
        return []
    args = _args(text, call.group(1))
    while args and not args[0].isdigit():  # a container id first
        args.pop(0)
    if not args or not args[0].isdigit():
        return []
    count = min(int(args[0]), MAX_PAGES)
    names = [a for a in args[2:] if a and not a.isdigit()]
    name = names[0] if names else "index"
    ext = names[1] if len(names) > 1 else response.url.rsplit(".", 1)[-1].split("?")[0]
    ext = ext if ext in ("html", "shtml", "htm") else "html"
    pages = [f"{name}.{ext}"] + [f"{name}_{i}.{ext}" for i in range(1, count)]
    return [urljoin(response.url, p) for p in pages]


def discover(response: TextResponse) -> Iterator[Found]:
    for url in page_urls(response):
        if url != response.url:
            yield Found(url, kind="list", platform=NAME)
    text = response.text
    for raw in (*_OLDSRC.findall(text), *_SCRIPT_FILE.findall(text)):
        yield Found(urljoin(response.url, raw.strip()))
