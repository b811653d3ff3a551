"""The printed forms of both templates, and the Chinese name of every cell.

``parsers.templates`` says which cells a template has and how a label is
recognised; this module says how the official form prints them: tables 二、三、
四 as rows of cells with their rowspan/colspan, in the form's own words.
Everything that shows a cell to a person (the report page, diffs, alerts,
the export's codebook) names it from here, so a label is written once.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.templates import APPLICANT_COLS, REVIEW_GROUPS, REVIEW_PARTS, cell_ids, rows

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
#: 第二十条 items of table 二 and the rows under each
PROACTIVE_ITEMS = {
    "2019": [("一", ("rules", "normative")), ("五", ("licensing", "other_services"))]
    + [("六", ("penalty", "coercion")), ("八", ("fees",)), ("九", ("procurement",))],
    "2021": [("一", ("rules", "normative")), ("五", ("licensing",))]
    + [("六", ("penalty", "coercion")), ("八", ("fees",))],
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
class FormCell:
    """One cell of a printed table: a heading (``cell`` None) or a value's place."""

    text: str = ""
    rowspan: int = 1
    colspan: int = 1
    cell: str | None = None


@dataclass(frozen=True)
class FormTable:
    key: str  # proactive | requests | review
    title: str
    head: tuple[tuple[FormCell, ...], ...]
    body: tuple[tuple[FormCell, ...], ...]


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


def _spread(cells: list[FormCell], width: int) -> list[FormCell]:
    """The last cell of a short row spans what is left of the table's width."""
    if cells and len(cells) < width:
        last = cells[-1]
        cells[-1] = FormCell(last.text, last.rowspan, width - len(cells) + 1, last.cell)
    return cells


def _proactive(template: str) -> FormTable:
    cols = {r.key.removeprefix("proactive."): r.cols for r in rows(template)}
    body: list[tuple[FormCell, ...]] = []
    for item, keys in PROACTIVE_ITEMS[template]:
        body.append((FormCell(f"第二十条第（{item}）项", colspan=4),))
        heads = [FormCell(proactive_col(c, template)) for c in cols[keys[0]]]
        body.append((FormCell("信息内容"), *_spread(heads, 3)))
        for key in keys:
            ids = [FormCell(cell=f"proactive.{key}.{c}") for c in cols[key]]
            body.append((FormCell(proactive_row(key, template)), *_spread(ids, 3)))
    return FormTable("proactive", TABLE_TITLES["proactive"], (), tuple(body))


def _requests(template: str) -> FormTable:
    head = (
        (
            FormCell("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3),
            FormCell("申请人情况", colspan=7),
        ),
        (
            FormCell("自然人", rowspan=2),
            FormCell("法人或其他组织", colspan=5),
            FormCell("总计", rowspan=2),
        ),
        tuple(
            FormCell(t) for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")
        ),
    )

    def ids(row: str) -> list[FormCell]:
        return [FormCell(cell=f"requests.{row}.{c}") for c in APPLICANT_COLS]

    grouped = ["withheld", "unavailable", "not_processed"] + (
        ["other"] if template == "2021" else []
    )
    results = 3 + (1 if template == "2019" else 0) + sum(len(REQUEST_ITEMS[g]) for g in grouped)
    body: list[tuple[FormCell, ...]] = [
        (FormCell(REQUEST_ROWS["new"], colspan=3), *ids("new")),
        (FormCell(REQUEST_ROWS["carried_over"], colspan=3), *ids("carried_over")),
        (
            FormCell("三、本年度办理结果", rowspan=results),
            FormCell(REQUEST_ROWS["granted"], colspan=2),
            *ids("granted"),
        ),
        (FormCell(REQUEST_ROWS["partial"], colspan=2), *ids("partial")),
    ]
    for group in grouped:
        items = REQUEST_ITEMS[group]
        for n, item in enumerate(items, 1):
            lead = [FormCell(REQUEST_GROUPS[group], rowspan=len(items))] if n == 1 else []
            body.append((*lead, FormCell(f"{n}.{item}"), *ids(f"{group}.{n}")))
    if template == "2019":
        body.append((FormCell(REQUEST_ROWS["other"], colspan=2), *ids("other")))
    body.append((FormCell(REQUEST_ROWS["total"], colspan=2), *ids("total")))
    body.append((FormCell(REQUEST_ROWS["carried_forward"], colspan=3), *ids("carried_forward")))
    return FormTable("requests", TABLE_TITLES["requests"], head, tuple(body))


def _review() -> FormTable:
    outcomes = list(OUTCOMES.values())
    head = (
        (FormCell("行政复议", colspan=5), FormCell("行政诉讼", colspan=10)),
        (
            *(FormCell(t, rowspan=2) for t in outcomes),
            FormCell("未经复议直接起诉", colspan=5),
            FormCell("复议后起诉", colspan=5),
        ),
        tuple(FormCell(t) for t in outcomes + outcomes),
    )
    body = (tuple(FormCell(cell=f"{g}.{p}") for g in REVIEW_GROUPS for p in REVIEW_PARTS),)
    return FormTable("review", TABLE_TITLES["review"], head, body)


def form_tables(template: str) -> list[FormTable]:
    """Tables 二、三、四 of ``template`` ("2019" or "2021") as the official form prints them."""
    return [_proactive(template), _requests(template), _review()]


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
