"""What a report's headings and header cells say, beside its row labels.

``parsers.templates`` holds the rows a label is matched to; the other short
texts of a report are read here: which part of the report a heading opens
(``section_of``), which column a header cell names (``column_for_header``),
and which template the document is on (``detect_template``, by words only one
form uses).  Kept apart from the rows because none of these fills a cell:
they tell the extractor and the pipeline where and how to read the rows.
"""

from __future__ import annotations

import re

_REVIEW_HEADS = {"行政复议", "行政诉讼", "结果维持", "维持", "结果纠正", "纠正", "其他结果"}
_REVIEW_HEADS |= {"尚未审结", "审结", "未经复议直接起诉", "复议后起诉"}
_END = re.compile(r"^[五六七八][、.]|存在的?主要问题|其他需要报告")


def section_of(t: str) -> str | None:
    """Which part of the report a short heading or header cell opens, if any.

    ``t`` is a normalised text.  ``"end"`` means the tables are over (五、…).
    """
    if "主动公开政府信息" in t or t.startswith("第二十条第"):
        return "proactive"
    if "收到和处理" in t or "申请人情况" in t or "勾稽关系" in t:
        return "requests"
    if ("复议" in t and "诉讼" in t) or t in _REVIEW_HEADS:
        return "review"
    if _END.search(t):
        return "end"
    return None


_APPLICANT_HEADS = {
    "自然人": 0,
    "商业企业": 1,
    "科研机构": 2,
    "社会公益组织": 3,
    "社会组织": 3,
    "公益组织": 3,
    "法律服务机构": 4,
    "其他": 5,
    "其他组织": 5,
    "总计": 6,
    "合计": 6,
}
_PROACTIVE_HEADS = {
    "2019": [
        ("新制作", 0),
        ("本年制作", 0),
        ("新公开", 1),
        ("本年公开", 1),
        ("公开总数", 2),
        ("上一年", 0),
        ("增/减", 1),
        ("增减", 1),
        ("处理决定", 2),
        ("采购项目", 0),
        ("采购总金额", 1),
    ],
    "2021": [("制发", 0), ("废止", 1), ("现行有效", 2), ("处理决定", 0), ("收费金额", 0)],
}


def column_for_header(t: str, template: str) -> tuple[str, int] | None:
    """(section, column index) that a header cell names, or None."""
    bare = re.sub(r"\(.*\)$", "", t)
    if bare in _APPLICANT_HEADS:
        return "requests", _APPLICANT_HEADS[bare]
    for word, col in _PROACTIVE_HEADS[template]:
        if word in t and len(t) <= 20:
            return "proactive", col
    return None


#: words that only one template's tables use (headings and row labels)
MARKERS = {
    "2019": ("本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "本年增/减")
    + ("其他对外管理服务事项", "政府集中采购", "采购项目数量", "采购总金额"),
    "2021": ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额")
    + ("逾期不补正", "缴纳费用", "收费通知"),
}


def detect_template(texts: list[str]) -> tuple[str | None, dict[str, int]]:
    """The template whose marker words the document's cells and headings use.

    Returns (template or None when no marker is present, votes per template).
    The year is not consulted: 2021 reports on the 2019 form exist.
    """
    votes = {"2019": 0, "2021": 0}
    for t in texts:
        if len(t) > MAX_MARKER_TEXT or "，" in t or "。" in t:
            continue  # narrative, not a heading or a cell
        for template, words in MARKERS.items():
            if any(w in t for w in words):
                votes[template] += 1
    if not any(votes.values()):
        return None, votes
    return ("2021" if votes["2021"] > votes["2019"] else "2019"), votes


MAX_MARKER_TEXT = 40
