"""Charset, title and publication date of a report page.

Chinese portals still serve GBK/GB2312 pages, sometimes with no charset
declaration or a wrong one, so decoding tries the declaration first and
checks the result.  CMS platforms (TRS, Hanweb, 开普云) put the article
title and date in ``<meta name="ArticleTitle">`` / ``<meta name="PubDate">``;
pages without them carry 发布时间：… in the text.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from parsers.errors import ParseError

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w\-]+)""", re.I)
_GB = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "gb_2312-80", "euc-cn"}
_DATE = re.compile(r"(20\d\d)\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_DATE_LABEL = re.compile(
    r"(?:发布(?:时间|日期)|成文日期|发文日期|公开日期|日期|时间)\s*[:：]?\s*"
    r"(20\d\d\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2})"
)
TITLE_META = ("articletitle", "og:title", "title", "dc.title")
DATE_META = (
    "pubdate",
    "publishdate",
    "firstpublishedtime",
    "article:published_time",
    "dc.date",
    "date",
    "maketime",
)


def decode_html(data: bytes) -> str:
    """Decode with the declared charset if it fits, else UTF-8, else GB18030."""
    m = _CHARSET.search(data[:8192])
    declared = m.group(1).decode("ascii", "replace").lower() if m else None
    candidates: list[str] = []
    if data.startswith(b"\xef\xbb\xbf"):
        candidates.append("utf-8-sig")
    if declared:
        candidates.append("gb18030" if declared in _GB else declared)
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    text = data.decode("gb18030", errors="replace")
    if text.count("\ufffd") > max(20, len(text) // 50):
        raise ParseError("HTML in an unknown character encoding")
    return text


def iso_date(text: str | None) -> str | None:
    """``2021年2月1日`` / ``2021-02-01 10:00`` → ``2021-02-01``."""
    if not text:
        return None
    m = _DATE.search(text)
    if not m:
        return None
    y, mo, d = (int(g) for g in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def date_in_text(text: str) -> str | None:
    m = _DATE_LABEL.search(text)
    return iso_date(m.group(1)) if m else None


def read_meta(root: HtmlElement) -> dict[str, str]:
    meta: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("name") or el.get("property") or "").strip()
        value = (el.get("content") or "").strip()
        if key and value and key.lower() not in meta:
            meta[key.lower()] = value
    return meta


def title_and_date(
    meta: dict[str, str], root: HtmlElement, text: str
) -> tuple[str | None, str | None]:
    title = next((meta[k] for k in TITLE_META if meta.get(k)), None)
    if not title:
        for tag in ("h1", "h2", "h3", "title"):
            for el in root.iter(tag):
                t = " ".join(el.text_content().split())
                if t and ("报告" in t or tag == "title"):
                    title = t
                    break
            if title:
                break
    published = next((iso_date(meta[k]) for k in DATE_META if iso_date(meta.get(k))), None)
    return title, published or date_in_text(text)
