"""Tables 二、三、四 of both templates laid out as the official form prints them.

Rows of cells with their rowspan/colspan, so that the report page draws a
report's values in the very grid a reader knows from the form.  Kept apart
from the cells' names (``parsers.forms``), which everything else that shows a
cell uses and which this layout only borrows its headings from.
"""

from __future__ import annotations

from dataclasses import dataclass

from parsers.forms import (
    OUTCOMES,
    REQUEST_GROUPS,
    REQUEST_ITEMS,
    REQUEST_ROWS,
    TABLE_TITLES,
    proactive_col,
    proactive_row,
)
from parsers.templates import APPLICANT_COLS, REVIEW_GROUPS, REVIEW_PARTS, rows

#: 第二十条 items of table 二 and the rows under each
PROACTIVE_ITEMS = {
    "2019": [("一", ("rules", "normative")), ("五", ("licensing", "other_services"))]
    + [("六", ("penalty", "coercion")), ("八", ("fees",)), ("九", ("procurement",))],
    "2021": [("一", ("rules", "normative")), ("五", ("licensing",))]
    + [("六", ("penalty", "coercion")), ("八", ("fees",))],
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
