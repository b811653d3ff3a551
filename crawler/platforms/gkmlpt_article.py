"""A gkmlpt article: the ``window._CONFIG.DETAIL`` object its page carries, as plain HTML.

An article ``/gkmlpt/content/<a>/<b>/post_<id>.html`` is an empty shell
whose script renders ``window._CONFIG.DETAIL = {...}``: title, dates (epoch
seconds or milliseconds), publisher, index number, the ``content`` HTML
(with the report's tables) and the ``attachment`` list
(``/attachment/0/<n>/<id>.pdf``).  ``article_view`` rebuilds that as the
page a browser would show, so the spider judges it, the pipeline parses it
and its attachments are followed like a TRS article's; the raw page stays
what the archive keeps.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from html import escape
from typing import Any
from urllib.parse import urljoin

from scrapy.http import TextResponse

from crawler.platforms.gkmlpt import DETAIL, json_at

_TITLE_KEYS = ("title", "subject", "name")
_DATE_KEYS = ("first_publish_time", "display_publish_time", "publish_time", "date", "created_at")
_PUBLISHER_KEYS = ("publisher", "source", "fbjg", "EXT_fbjg")
_CONTENT_KEYS = ("content", "body", "html", "text")
_ATTACHMENT_KEYS = ("attachment", "attachments", "files")
_CHINA = timezone(timedelta(hours=8))


def detail(text: str) -> dict[str, Any] | None:
    found = DETAIL.search(text)
    data = json_at(text, found.end()) if found else None
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
    files = _pick(record, _ATTACHMENT_KEYS) or []
    for item in files.values() if isinstance(files, dict) else files:
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
        f'<div class="content">{_pick(record, _CONTENT_KEYS) or ""}</div>'
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
