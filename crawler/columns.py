"""Score links by how likely they lead to the 政府信息公开 section or its 年报 column.

A portal's home page has a hundred links; the spider follows the best few
toward the 年报 column (home → 政府信息公开 → 年报 → year or department lists)
instead of crawling the whole site.  The words are the column names and URL
slugs seen on real portals (spec/portals.md).  Report articles themselves are
found with ``classify()``; this scores navigation only, so a link whose text
is a report title or a look-alike scores 0 here.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from crawler.chinese_text import normalize

# (score, anchor pattern): the first match wins, so the most specific come first.
_ANCHORS: list[tuple[int, re.Pattern[str]]] = [
    (100, re.compile(r"^(政府|政务)?(信息)?公开(工作)?(年报|年度报告)(专栏|栏目|目录)?$")),
    (90, re.compile(r"^(部门|区政府|县政府|市政府|政府|乡镇|街道|乡镇街道|乡镇\(街道\))?年报$")),
    (90, re.compile(r"^(部门|政府|乡镇|街道)?(工作)?年度报告$")),
    (70, re.compile(r"^(政府|部门|乡镇|街道)(信息公开)?(年报|年度报告)$")),
    (60, re.compile(r"^(政府)?信息公开(专栏|目录|平台|网)?$|^政府信息公开(专栏|目录|平台)?$")),
    (55, re.compile(r"^政务公开(专栏|目录|平台)?$|^法定主动公开内容$")),
    (40, re.compile(r"^(\d{4})年度?(年报|报告)?$")),
    (30, re.compile(r"^(政务|信息)?公开$|^主动公开|^公开目录$|^政府信息公开")),
]
# Look-alike columns that share the words.
_NOT_COLUMNS = re.compile(
    r"企业|统计|网站|预算|决算|法治|指南|制度|规定|申请|解读|意见箱|年鉴|工作报告|通知|[…]"
)
_REPORT_TITLE = re.compile(r"\d{4}年.*(年报|报告)|(年报|报告)\d{4}")

_SLUGS: list[tuple[int, re.Pattern[str]]] = [
    (80, re.compile(r"(bm)?zfxxgknb|xxgknb|gknb|bmnb|ndbg|annualreport|/nb/", re.I)),
    (40, re.compile(r"zfxxgk|xxgk|zwgk|gkml|openness|/gk/|zfgk", re.I)),
]
_SKIP_HREF = re.compile(
    r"^(javascript:|mailto:|tel:|#)|\.(pdf|docx?|xlsx?|wps|zip|rar|jpg|png)$", re.I
)


def column_link_score(anchor_text: str, href: str) -> int:
    """0 (irrelevant) to 100 (certainly the 年报 column); anchor and URL slug add up.

    The anchor decides most; a slug alone (``…/xxgknb/``, ``更多``) still earns
    a follow, and both together rank above either.
    """
    href = unquote((href or "").strip())
    if not href or _SKIP_HREF.search(href.split("?")[0]) or href.startswith(("javascript", "#")):
        return 0
    anchor = normalize(anchor_text)
    if anchor and (_NOT_COLUMNS.search(anchor) or _REPORT_TITLE.search(anchor)):
        return 0
    score = next((s for s, p in _ANCHORS if anchor and p.search(anchor)), 0)
    slug = next((s for s, p in _SLUGS if p.search(href)), 0)
    if score and slug:
        return min(100, max(score, slug) + 10)
    if score == 40 and not slug:  # a bare year means a year list only inside a 年报 column
        return 20
    return max(score, slug)
