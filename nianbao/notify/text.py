"""One wording of an alert for every channel (feed entry, e-mail, webhook), in Chinese.

Changed cells and text are worded by ``nianbao.notify.wording``, the same
words the service's diff page uses; the message links to that page.
"""

from __future__ import annotations

from typing import Any

from nianbao.notify.wording import change_lines

#: raw diff lines in a message when no sentence comparison is attached
MAX_DIFF_LINES = 60
REASONS = {
    "gone": "网页已返回 404/410",
    "vanished from the column on two crawls": "连续两次抓取均未在栏目中出现",
}


def subject(alert: dict[str, Any]) -> str:
    year = f"{alert['year']}年" if alert.get("year") else ""
    return f"【{alert['label']}】{alert['organ']} {year}政府信息公开工作年度报告"


def report_link(alert: dict[str, Any], base_url: str | None) -> str | None:
    """The service page that shows the change best: the diff for a revision, else the report."""
    if not base_url:
        return None
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
        f"机关：{alert['organ']}",
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
    reason = (alert.get("details") or {}).get("reason")
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
