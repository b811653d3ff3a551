"""What a fetched page is, when its list title could not say: the page's own word decides.

The spider judges most links by their list title alone.  Some titles cannot
tell: cut with ``…`` before they say what they are, or a unit's bare name on
a per-unit report platform (Hanweb ``xxgkAnnualReport.jsp``, Anhui
``OpennessAnnualReport``).  Those pages are fetched as candidates and judged
by their own title, and a slot that says 暂无 holds no report.
"""

from __future__ import annotations

import re

import scrapy
from scrapy.http import Response, TextResponse

from crawler.classify import Classification, classify
from crawler.links import is_cut

#: platform pages that hold one unit's report for one year (Hanweb xxgk, Anhui openness)
ANNUAL_REPORT_URL = re.compile(r"xxgkAnnualReport\.jsp|OpennessAnnualReport/", re.I)
_NOTHING_YET = re.compile(r"暂无|暂未|尚未(发布|公开)|没有(找到|相关)|无相关(信息|数据)")
#: a page that leads to any of these needs no browser to show its list
ITEM_ROLES = ("report", "list", "column", "attachment")


def page_verdict(response: TextResponse, title: str, text: str) -> Classification:
    """The page judged by the link that led to it, or by its own title for candidates."""
    meta = response.meta
    label = meta.get("link_text") or title
    verdict = classify(label, text[:2000], response.url)
    candidate = meta.get("role") == "report" and not meta.get("report_link")
    if (candidate or is_cut(label or "")) and title and title != label:
        full = classify(title, text[:2000], response.url)
        verdict = full if full.is_report or full.kind != "other" else verdict
        if _NOTHING_YET.search(text[:3000]) and len(text.strip()) < 600:
            verdict = classify("", None, None)  # an empty slot: 暂无年报
    return verdict


def leads_on(response: Response, request: scrapy.Request) -> bool:
    """The page leads to reports or more of the list (a link to itself does not count)."""
    return request.meta["role"] in ITEM_ROLES and request.url != response.url


def undecided_cut(text: str, kind: str) -> bool:
    """A list title cut before it says what it is (even before its year): ask the article."""
    return is_cut(text) and kind == "other" and len(text) >= 6


def is_json(response: TextResponse) -> bool:
    """JSON answers get a JSON selector, on which XPath raises."""
    return getattr(response.selector, "type", "html") == "json"


#: no page or document holding a report is this small (a cut-off or placeholder body)
MIN_REPORT_BYTES = 512
#: a report page shows at least this much text, unless it points at its attachment
MIN_REPORT_CHARS = 40


def not_a_report_page(body: bytes, text: str) -> str | None:
    """Why a page its link calls a report cannot hold one (None: it may)."""
    from crawler.classify import body_is_attachment

    if body_is_attachment(text):  # the page's report is its attachment
        return None
    if len(body) < MIN_REPORT_BYTES:
        return f"not a report: a page of {len(body)} bytes"
    shown = len("".join(text.split()))
    if shown < MIN_REPORT_CHARS:
        return f"not a report: a page with {shown} characters of text"
    return None


def not_a_report_document(body: bytes) -> str | None:
    """Why an attachment cannot hold a report: too small, or cut off or corrupt on sight."""
    from parsers.errors import ParseError
    from parsers.sniff import sniff

    if len(body) < MIN_REPORT_BYTES:
        return f"not a report: a document of {len(body)} bytes"
    try:
        sniff(body)
    except ParseError as exc:
        return f"not a report: {exc}"
    return None
