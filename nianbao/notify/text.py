"""One wording of an alert for every channel (feed entry, e-mail, webhook), in Chinese.

Changed cells and text are worded by ``nianbao.notify.wording``, the same
words the service's diff page uses; the message links to that page.
"""

from __future__ import annotations

from typing import Any

from nianbao.notify.wording import change_lines

#: raw diff lines in a message when no sentence comparison is attached
MAX_DIFF_LINES = 60
#: what the alerts about missing reports and moved portals carry in their details
DETAIL_LABELS = {
    "deadline": "法定期限",
    "last_crawled": "最近抓取",
    "portal": "网站",
    "old_url": "原网址",
    "new_url": "新网址",
    "evidence_page": "发现于",
    "last_year_reports": "上一年报告数",
}
REASONS = {
    "gone": "网页已返回 404/410",
    "vanished from the column on two crawls": "连续两次抓取均未在栏目中出现",
}


def subject(alert: dict[str, Any]) -> str:
    year = f"{alert['year']}年" if alert.get("year") else ""
    who = alert.get("organ") or alert.get("region") or alert.get("region_code") or ""
    if alert["kind"] == "portal_moved":
        return f"【{alert['label']}】{who}"
    return f"【{alert['label']}】{who} {year}政府信息公开工作年度报告"


def report_link(alert: dict[str, Any], base_url: str | None) -> str | None:
    """The service page that shows the change best: the diff for a revision, else the report."""
    if not base_url:
        return None
    if alert.get("report_id") is None:  # about a missing report or a portal: the region page
        return f"{base_url}/region/{alert['region_code']}" if alert.get("region_code") else None
    if alert["kind"] == "revised" and alert.get("previous_version"):
        return (
            f"{base_url}/report/{alert['report_id']}/diff"
            f"?a={alert['previous_version']}&b={alert['version_id']}"
        )
    return f"{base_url}/report/{alert['report_id']}"


def body(alert: dict[str, Any], base_url: str | None = None) -> str:
    lines = [
        subject(alert),
        "",
        f"类型：{alert['label']}（{alert['kind']}）",
        f"地区：{alert.get('region') or '-'}（{alert.get('region_code') or '-'}）",
        f"机关：{alert.get('organ') or '-'}",
        f"年度：{alert.get('year') or '-'}",
        f"时间：{alert['created_at']}",
    ]
    if alert.get("url"):
        lines.append(f"原文：{alert['url']}")
    link = report_link(alert, base_url)
    if link:
        lines.append(f"详情：{link}")
    cells = alert.get("changed_cells") or []
    if cells:
        lines += ["", f"变化的数据项（{len(cells)}）："]
        lines += [f"  {line}" for line in change_lines(cells)]
    details = alert.get("details") or {}
    for key, label in DETAIL_LABELS.items():
        if details.get(key) not in (None, ""):
            lines.append(f"{label}：{details[key]}")
    reason = details.get("reason")
    if reason:
        lines.append(f"原因：{REASONS.get(reason, reason)}")
    if alert.get("text_changes"):
        lines += ["", "正文变化（按句比较）：", *alert["text_changes"]]
    elif alert.get("text_diff"):
        lines += ["", "正文变化（逐行）：", *alert["text_diff"][:MAX_DIFF_LINES]]
    return "\n".join(lines) + "\n"


def summary(alert: dict[str, Any]) -> str:
    """One line: what happened and, for a revision, its first changed cells."""
    head = subject(alert)
    cells = alert.get("changed_cells") or []
    if cells:
        head += "：" + "；".join(change_lines(cells, limit=3))
    return head
