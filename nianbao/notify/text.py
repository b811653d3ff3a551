"""One wording of an alert for every channel (feed entry, e-mail), in Chinese."""

from __future__ import annotations

from typing import Any

#: changed cells listed in full up to this many; a longer list is cut with a count
MAX_CELLS = 50
#: text diff lines in a message; the service's diff page has the rest
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
        lines += [f"  {c['cell']}: {c['old']} → {c['new']}" for c in cells[:MAX_CELLS]]
        if len(cells) > MAX_CELLS:
            lines.append(f"  …… 另有 {len(cells) - MAX_CELLS} 项")
    reason = (alert.get("details") or {}).get("reason")
    if reason:
        lines.append(f"原因：{REASONS.get(reason, reason)}")
    diff = alert.get("text_diff") or []
    if diff:
        lines += ["", "正文变化："] + diff[:MAX_DIFF_LINES]
    return "\n".join(lines) + "\n"
