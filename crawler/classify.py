"""Which titles are annual reports (placeholder rules; the full classifier replaces this)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_REPORT = re.compile(r"(政府|政务)?(信息)?公开.{0,6}(年度报告|年报)")
_YEAR = re.compile(r"(20\d\d)\s*年")
_DECOY = re.compile(r"通知|统计|企业年报|网站工作年度报表|法治政府|政府工作报告|解读|图解")


@dataclass(frozen=True)
class Classification:
    is_report: bool
    year: int | None
    organ: str | None
    kind: str
    reason: str


def classify(title: str, text: str | None = None, url: str | None = None) -> Classification:
    t = re.sub(r"\s+", "", title or "")
    if not _REPORT.search(t):
        return Classification(False, None, None, "other", "no report wording")
    if _DECOY.search(t):
        return Classification(False, None, None, "notice", "look-alike wording")
    m = _YEAR.search(t)
    organ = t[: m.start()] if m and m.start() > 0 else None
    return Classification(True, int(m.group(1)) if m else None, organ, "report", "report wording")


def body_is_attachment(text: str) -> bool:
    return bool(re.search(r"详见附件|见附件", text or ""))


def column_link_score(anchor_text: str, href: str) -> int:
    a = re.sub(r"\s+", "", anchor_text or "")
    score = 0
    if re.search(r"年报|年度报告", a) and "统计" not in a:
        score += 10
    if re.search(r"政府信息公开|政务公开|信息公开", a):
        score += 5
    if re.search(r"xxgknb|zfxxgknb|ndbg|gknb", href or "", re.I):
        score += 8
    if re.search(r"/(zwgk|xxgk)/", href or "", re.I):
        score += 2
    return score
