"""The official annual-report tables of both templates, filled from an expected.json.

A table is described HTML-style, as rows of ``(text, rowspan, colspan)``, so
that every fixture builder (HTML, DOCX, reportlab) lays out the same merged
header cells the official templates have.  ``checks`` lists, for every data
row, its label and the cell ids of its values, so a test can find the row in
a ``Document`` and compare numbers.
"""

from __future__ import annotations

from typing import Any

from parsers.templates import APPLICANT_COLS

Cell = tuple[str, int, int]
APPLICANTS = APPLICANT_COLS  # the cells' column ids
#: the applicant columns' headings as the official template prints them, in that order
APPLICANT_HEADS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
WITHHELD = ["1.属于国家秘密", "2.其他法律行政法规禁止公开", "3.危及“三安全一稳定”"]
WITHHELD += ["4.保护第三方合法权益", "5.属于三类内部事务信息", "6.属于四类过程性信息"]
WITHHELD += ["7.属于行政执法案卷", "8.属于行政查询事项"]
UNAVAILABLE = [
    "1.本机关不掌握相关政府信息",
    "2.没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确",
]
NOT_PROCESSED = ["1.信访举报投诉类申请", "2.重复申请", "3.要求提供公开出版物"]
NOT_PROCESSED += ["4.无正当理由大量反复申请", "5.要求行政机关确认或重新出具已获取信息"]
OTHER_2021 = [
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他",
]
OUTCOMES = ["upheld", "corrected", "other", "pending", "total"]
OUTCOME_LABELS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def fmt(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Builder:
    """Rows and checks of one table, filled from ``cells``."""

    def __init__(self, cells: dict[str, object]) -> None:
        self.cells = cells
        self.rows: list[list[Cell]] = []
        self.checks: list[tuple[str | None, list[str]]] = []

    def text(self, *cells: str | Cell) -> None:
        self.rows.append([(c, 1, 1) if isinstance(c, str) else c for c in cells])

    def data(self, lead: list[Cell], label: str | None, ids: list[str], last_span: int = 1) -> None:
        values = [(fmt(self.cells.get(i)), 1, 1) for i in ids]
        if values and last_span > 1:
            values[-1] = (values[-1][0], 1, last_span)
        self.rows.append([*lead, *values])
        self.checks.append((label, ids))


def proactive(cells: dict[str, object], template: str) -> Builder:
    b = Builder(cells)
    p = "proactive."

    def section(item: str) -> None:
        b.text((f"第二十条第（{item}）项", 1, 4))

    def row(label: str, key: str, cols: list[str], span: int = 1) -> None:
        b.data([(label, 1, 1)], label, [f"{p}{key}.{c}" for c in cols], span)

    if template == "2019":
        section("一")
        b.text("信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量")
        row("规章", "rules", ["made", "published", "total"])
        row("规范性文件", "normative", ["made", "published", "total"])
        for item, pairs in (
            ("五", [("行政许可", "licensing"), ("其他对外管理服务事项", "other_services")]),
            ("六", [("行政处罚", "penalty"), ("行政强制", "coercion")]),
        ):
            section(item)
            b.text("信息内容", "上一年项目数量", "本年增/减", "处理决定数量")
            for label, key in pairs:
                row(label, key, ["prev_items", "change", "decisions"])
        section("八")
        b.text("信息内容", "上一年项目数量", ("本年增/减", 1, 2))
        row("行政事业性收费", "fees", ["prev_items", "change"], 2)
        section("九")
        b.text("信息内容", "采购项目数量", ("采购总金额", 1, 2))
        row("政府集中采购", "procurement", ["projects", "amount"], 2)
        return b
    section("一")
    b.text("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")
    row("规章", "rules", ["issued", "repealed", "in_force"])
    row("行政规范性文件", "normative", ["issued", "repealed", "in_force"])
    section("五")
    b.text("信息内容", ("本年处理决定数量", 1, 3))
    row("行政许可", "licensing", ["decisions"], 3)
    section("六")
    b.text("信息内容", ("本年处理决定数量", 1, 3))
    row("行政处罚", "penalty", ["decisions"], 3)
    row("行政强制", "coercion", ["decisions"], 3)
    section("八")
    b.text("信息内容", ("本年收费金额（单位：万元）", 1, 3))
    row("行政事业性收费", "fees", ["amount"], 3)
    return b


def requests(cells: dict[str, object], template: str) -> Builder:
    b = Builder(cells)
    b.text(("（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", 3, 3))
    b.rows[-1].append(("申请人情况", 1, 7))
    b.text(("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1))
    b.text(*APPLICANT_HEADS[1:-1])

    def ids(key: str) -> list[str]:
        return [f"requests.{key}.{a}" for a in APPLICANTS]

    b.data(
        [("一、本年新收政府信息公开申请数量", 1, 3)], "一、本年新收政府信息公开申请数量", ids("new")
    )
    b.data(
        [("二、上年结转政府信息公开申请数量", 1, 3)],
        "二、上年结转政府信息公开申请数量",
        ids("carried_over"),
    )
    n_other = 1 if template == "2019" else 3
    result_rows = 1 + 1 + 8 + 3 + 5 + n_other + 1
    granted = "（一）予以公开"
    b.data([("三、本年度办理结果", result_rows, 1), (granted, 1, 2)], granted, ids("granted"))
    partial = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    b.data([(partial, 1, 2)], partial, ids("partial"))
    for group, key, labels in (
        ("（三）不予公开", "withheld", WITHHELD),
        ("（四）无法提供", "unavailable", UNAVAILABLE),
        ("（五）不予处理", "not_processed", NOT_PROCESSED),
        *([("（六）其他处理", "other", OTHER_2021)] if template == "2021" else []),
    ):
        for n, label in enumerate(labels, 1):
            lead = [(group, len(labels), 1)] if n == 1 else []
            b.data([*lead, (label, 1, 1)], label, ids(f"{key}.{n}"))
    if template == "2019":
        b.data([("（六）其他处理", 1, 2)], "（六）其他处理", ids("other"))
    b.data([("（七）总计", 1, 2)], "（七）总计", ids("total"))
    b.data([("四、结转下年度继续办理", 1, 3)], "四、结转下年度继续办理", ids("carried_forward"))
    return b


def review(cells: dict[str, object]) -> Builder:
    b = Builder(cells)
    b.text(("行政复议", 1, 5), ("行政诉讼", 1, 10))
    b.text(*[(x, 2, 1) for x in OUTCOME_LABELS], ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5))
    b.text(*OUTCOME_LABELS, *OUTCOME_LABELS)
    keys = ["review", "litigation_direct", "litigation_after_review"]
    b.data([], None, [f"{k}.{o}" for k in keys for o in OUTCOMES])
    return b


def tables(expected: dict[str, Any]) -> list[tuple[str, Builder]]:
    """The three tables of a report, each after the heading that precedes it."""
    cells, template = expected["cells"], expected["template"]
    return [
        ("二、主动公开政府信息情况", proactive(cells, template)),
        ("三、收到和处理政府信息公开申请情况", requests(cells, template)),
        ("四、政府信息公开行政复议、行政诉讼情况", review(cells)),
    ]
