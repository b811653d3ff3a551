"""Chinese names for ``report/1`` cell ids, so the pages speak the report's own language."""

from __future__ import annotations

SECTIONS = {
    "proactive": "主动公开",
    "requests": "依申请公开",
    "review": "行政复议",
    "litigation_direct": "行政诉讼（未经复议直接起诉）",
    "litigation_after_review": "行政诉讼（复议后起诉）",
}
PARTS = {
    # proactive rows and columns
    "rules": "规章",
    "normative": "规范性文件",
    "licensing": "行政许可",
    "other_services": "其他对外管理服务事项",
    "penalty": "行政处罚",
    "coercion": "行政强制",
    "fees": "行政事业性收费",
    "procurement": "政府集中采购",
    "made": "本年新制作数量",
    "published": "本年新公开数量",
    "total": "总计",
    "prev_items": "上一年项目数量",
    "change": "本年增/减",
    "decisions": "处理决定数量",
    "projects": "采购项目数量",
    "amount": "金额（万元）",
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
    # request rows
    "new": "本年新收申请",
    "carried_over": "上年结转申请",
    "granted": "予以公开",
    "partial": "部分公开",
    "withheld": "不予公开",
    "unavailable": "无法提供",
    "not_processed": "不予处理",
    "other": "其他",
    "carried_forward": "结转下年度继续办理",
    # applicant columns
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social_welfare": "社会公益组织",
    "legal_services": "法律服务机构",
    "other_org": "其他组织",
    # review and litigation
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "pending": "尚未审结",
}


def cell_label(cell: str) -> str:
    """``requests.withheld.4.natural_person`` → ``依申请公开 · 不予公开 4 · 自然人``."""
    head, *rest = cell.split(".")
    words = [SECTIONS.get(head, head)]
    for part in rest:
        if part.isdigit() and words:
            words[-1] = f"{words[-1]} {part}"
        else:
            words.append(PARTS.get(part, part))
    return " · ".join(words)
