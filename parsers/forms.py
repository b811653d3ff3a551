"""The Chinese name of every cell of both templates, in the printed form's words.

``parsers.templates`` says which cells a template has and how a label is
recognised; this module says how the official form words them: its tables'
titles, row and column headings, and the codebook entry of each cell.
Everything that shows a cell to a person (the report page, diffs, alerts,
the export's codebook) names it from here, so a label is written once.  The
tables themselves, laid out as the form prints them, are ``parsers.form_tables``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from parsers.templates import cell_ids

TABLE_TITLES = {
    "proactive": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "review": "四、政府信息公开行政复议、行政诉讼情况",
}
#: the tables' short names, for lists that name a cell's table on every line
TABLE_SHORT = {"proactive": "二、主动公开", "requests": "三、依申请公开", "review": "四、复议诉讼"}
PROACTIVE_ROWS = {
    "rules": "规章",
    "normative": "规范性文件",
    "licensing": "行政许可",
    "other_services": "其他对外管理服务事项",
    "penalty": "行政处罚",
    "coercion": "行政强制",
    "fees": "行政事业性收费",
    "procurement": "政府集中采购",
}
PROACTIVE_COLS = {
    "made": "本年新制作数量",
    "published": "本年新公开数量",
    "total": "对外公开总数量",
    "prev_items": "上一年项目数量",
    "change": "本年增/减",
    "decisions": "处理决定数量",
    "projects": "采购项目数量",
    "amount": "采购总金额",
    "issued": "本年制发件数",
    "repealed": "本年废止件数",
    "in_force": "现行有效件数",
}
#: the 2021 form words some of the same cells differently
PROACTIVE_2021 = {
    "normative": "行政规范性文件",
    "decisions": "本年处理决定数量",
    "amount": "本年收费金额（单位：万元）",
}
APPLICANTS = {
    "natural_person": "自然人",
    "commercial": "商业企业",
    "research": "科研机构",
    "social_welfare": "社会公益组织",
    "legal_services": "法律服务机构",
    "other_org": "其他组织",
    "total": "总计",
}
REQUEST_ROWS = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried_over": "二、上年结转政府信息公开申请数量",
    "granted": "（一）予以公开",
    "partial": "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "other": "（六）其他处理",
    "total": "（七）总计",
    "carried_forward": "四、结转下年度继续办理",
}
REQUEST_GROUPS = {
    "withheld": "（三）不予公开",
    "unavailable": "（四）无法提供",
    "not_processed": "（五）不予处理",
    "other": "（六）其他处理",
}
REQUEST_ITEMS = {
    "withheld": ["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”"]
    + ["保护第三方合法权益", "属于三类内部事务信息", "属于四类过程性信息"]
    + ["属于行政执法案卷", "属于行政查询事项"],
    "unavailable": ["本机关不掌握相关政府信息", "没有现成信息需要另行制作"]
    + ["补正后申请内容仍不明确"],
    "not_processed": ["信访举报投诉类申请", "重复申请", "要求提供公开出版物"]
    + ["无正当理由大量反复申请", "要求行政机关确认或重新出具已获取信息"],
    "other": ["申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"]
    + ["申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "其他"],
}
REVIEW_NAMES = {
    "review": "行政复议",
    "litigation_direct": "行政诉讼（未经复议直接起诉）",
    "litigation_after_review": "行政诉讼（复议后起诉）",
}
OUTCOMES = {
    "upheld": "结果维持",
    "corrected": "结果纠正",
    "other": "其他结果",
    "pending": "尚未审结",
    "total": "总计",
}


@dataclass(frozen=True)
class CellName:
    """What the codebook says of a cell: its table, row and column in the form's words."""

    cell: str
    table: str
    row: str
    column: str
    unit: str

    @property
    def label(self) -> str:
        return f"{self.row} · {self.column}"


def proactive_row(key: str, template: str = "2019") -> str:
    if template == "2021" and key in PROACTIVE_2021:
        return PROACTIVE_2021[key]
    return PROACTIVE_ROWS.get(key, key)


def proactive_col(col: str, template: str = "2019") -> str:
    if template == "2021" and col in PROACTIVE_2021:
        return PROACTIVE_2021[col]
    return PROACTIVE_COLS.get(col, col)


def _request_row(row: str) -> str:
    group, _, n = row.partition(".")
    if n.isdigit() and group in REQUEST_ITEMS and int(n) <= len(REQUEST_ITEMS[group]):
        return f"{REQUEST_GROUPS[group]} {n}.{REQUEST_ITEMS[group][int(n) - 1]}"
    return REQUEST_ROWS.get(row, row)


def cell_name(cell: str, template: str | None = None) -> CellName:
    """``requests.withheld.4.natural_person`` in the form's words (unknown ids kept as they are)."""
    template = template or ("2021" if _is_2021(cell) else "2019")
    head, _, rest = cell.partition(".")
    row, _, col = rest.rpartition(".")
    if head == "proactive":
        unit = "万元" if col == "amount" else ("个" if col in ("prev_items", "change") else "件")
        if col == "amount" and row == "procurement":
            column = "采购总金额（万元）"
        else:
            column = proactive_col(col, template)
        return CellName(cell, TABLE_TITLES[head], proactive_row(row, template), column, unit)
    if head == "requests":
        column = APPLICANTS.get(col, col)
        return CellName(cell, TABLE_TITLES[head], _request_row(row), column, "件")
    if head in REVIEW_NAMES and not row:
        return CellName(
            cell, TABLE_TITLES["review"], REVIEW_NAMES[head], OUTCOMES.get(col, col), "件"
        )
    return CellName(cell, "", cell, "", "")


def cell_label(cell: str, template: str | None = None) -> str:
    """``proactive.licensing.decisions`` → ``行政许可 · 处理决定数量``."""
    name = cell_name(cell, template)
    return name.label if name.column else name.row


def cell_value_text(value: Any) -> str:
    """A cell's value as a reader sees it: ``空`` for a blank, ``12`` for ``12.0``."""
    if value is None:
        return "空"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_2021(cell: str) -> bool:
    return (
        cell.split(".")[-1] in ("issued", "repealed", "in_force")
        or cell.startswith("requests.other.")
        and cell.count(".") == 3
    )


def table_of(cell: str) -> str | None:
    """``proactive`` | ``requests`` | ``review`` (the key of TABLE_TITLES), or None."""
    head = cell.split(".", 1)[0]
    return "review" if head in REVIEW_NAMES else (head if head in TABLE_TITLES else None)


def form_order(template: str | None) -> dict[str, int]:
    """Cell id → its place in the printed form, to list cells as the form does."""
    return {c: i for i, c in enumerate(cell_ids(template or "2019"))}


def codebook(template: str) -> list[CellName]:
    """Every cell of ``template`` named, in the order the form prints them."""
    return [cell_name(c, template) for c in cell_ids(template)]
