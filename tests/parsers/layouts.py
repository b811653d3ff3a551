"""Hand-made reports in the layouts that real readers produce.

One set of values is laid out as a proper grid with merged cells (repeated
text plus ``spans``), as one-cell-per-line paragraphs, as PDF-like lines,
split over two tables, or as one big table; the tests check that every
layout gives the same cells (``assert_cells``).
"""

from __future__ import annotations

from parsers.document import Document, Table
from parsers.templates import APPLICANT_COLS, REVIEW_GROUPS, REVIEW_PARTS, cell_ids
from tests.parsers.templates import APPLICANT_HEADS

RESULT = "三、本年度办理结果"
REQ_LABELS = [
    ("new", ["一、本年新收政府信息公开申请数量"]),
    ("carried_over", ["二、上年结转政府信息公开申请数量"]),
    ("granted", [RESULT, "（一）予以公开"]),
    ("partial", [RESULT, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]),
]
_WITHHELD = ["属于国家秘密", "其他法律行政法规禁止公开", "危及“三安全一稳定”", "保护第三方合法权益"]
_WITHHELD += ["属于三类内部事务信息", "属于四类过程性信息", "属于行政执法案卷", "属于行政查询事项"]
_UNAVAILABLE = ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"]
_NOT_PROCESSED = ["信访举报投诉类申请", "重复申请", "要求提供公开出版物", "无正当理由大量反复申请"]
_NOT_PROCESSED += ["要求行政机关确认或重新出具已获取信息"]
_OTHER_2021 = [
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "其他",
]
for _i, _t in enumerate(_WITHHELD, 1):
    REQ_LABELS.append((f"withheld.{_i}", [RESULT, "（三）不予公开", f"{_i}．{_t}"]))
for _i, _t in enumerate(_UNAVAILABLE, 1):
    REQ_LABELS.append((f"unavailable.{_i}", [RESULT, "（四）无法提供", f"{_i}．{_t}"]))
for _i, _t in enumerate(_NOT_PROCESSED, 1):
    REQ_LABELS.append((f"not_processed.{_i}", [RESULT, "（五）不予处理", f"{_i}．{_t}"]))


def req_labels(template: str) -> list[tuple[str, list[str]]]:
    out = list(REQ_LABELS)
    if template == "2019":
        out.append(("other", [RESULT, "（六）其他处理"]))
    else:
        for i, t in enumerate(_OTHER_2021, 1):
            out.append((f"other.{i}", [RESULT, "（六）其他处理", f"{i}．{t}"]))
    out.append(("total", [RESULT, "（七）总计"]))
    out.append(("carried_forward", ["四、结转下年度继续办理"]))
    return out


PROACTIVE = {
    "2019": [
        ("第二十条第（一）项", ["本年新制作数量", "本年新公开数量", "对外公开总数量"]),
        ("rules", "规章", ["made", "published", "total"]),
        ("normative", "规范性文件", ["made", "published", "total"]),
        ("第二十条第（五）项", ["上一年项目数量", "本年增/减", "处理决定数量"]),
        ("licensing", "行政许可", ["prev_items", "change", "decisions"]),
        ("other_services", "其他对外管理服务事项", ["prev_items", "change", "decisions"]),
        ("第二十条第（六）项", ["上一年项目数量", "本年增/减", "处理决定数量"]),
        ("penalty", "行政处罚", ["prev_items", "change", "decisions"]),
        ("coercion", "行政强制", ["prev_items", "change", "decisions"]),
        ("第二十条第（八）项", ["上一年项目数量", "本年增/减"]),
        ("fees", "行政事业性收费", ["prev_items", "change"]),
        ("第二十条第（九）项", ["采购项目数量", "采购总金额"]),
        ("procurement", "政府集中采购", ["projects", "amount"]),
    ],
    "2021": [
        ("第二十条第（一）项", ["本年制发件数", "本年废止件数", "现行有效件数"]),
        ("rules", "规章", ["issued", "repealed", "in_force"]),
        ("normative", "行政规范性文件", ["issued", "repealed", "in_force"]),
        ("第二十条第（五）项", ["本年处理决定数量"]),
        ("licensing", "行政许可", ["decisions"]),
        ("第二十条第（六）项", ["本年处理决定数量"]),
        ("penalty", "行政处罚", ["decisions"]),
        ("coercion", "行政强制", ["decisions"]),
        ("第二十条第（八）项", ["本年收费金额（单位：万元）"]),
        ("fees", "行政事业性收费", ["amount"]),
    ],
}


def sample_values(template: str) -> dict[str, int | float]:
    """Distinct values per cell, so that a shifted value is always noticed."""
    vals: dict[str, int | float] = {}
    n = 1
    for entry in PROACTIVE[template]:
        if len(entry) == 3:
            for col in entry[2]:
                vals[f"proactive.{entry[0]}.{col}"] = n
                n += 1
    for i, (key, _) in enumerate(req_labels(template)):
        for j, col in enumerate(APPLICANT_COLS):
            vals[f"requests.{key}.{col}"] = 100 + 10 * i + j
    for g, group in enumerate(REVIEW_GROUPS):
        for p, part in enumerate(REVIEW_PARTS):
            vals[f"{group}.{part}"] = 900 + 10 * g + p
    return vals


def fmt(v: object) -> str:
    return "" if v is None else str(v)


def proactive_rows(template: str, vals: dict) -> list[list[str]]:
    rows: list[list[str]] = []
    for entry in PROACTIVE[template]:
        if len(entry) == 2:
            rows.append([entry[0], "", "", ""])
            rows.append(["信息内容", *entry[1]] + [""] * (3 - len(entry[1])))
        else:
            cells = [fmt(vals.get(f"proactive.{entry[0]}.{c}")) for c in entry[2]]
            rows.append([entry[1], *cells] + [""] * (3 - len(cells)))
    return rows


def requests_table(template: str, vals: dict, skip: tuple[str, ...] = ()) -> Table:
    """The 三 table as a true grid: 3 label columns, merged cells repeated."""
    note = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    rows = [
        [note] * 3 + ["申请人情况"] * 6 + ["总计"],
        [note] * 3 + ["自然人"] + ["法人或其他组织"] * 5 + ["总计"],
        [note] * 3 + APPLICANT_HEADS,
    ]
    spans = {(0, 1), (0, 2), (1, 1), (1, 2), (2, 1), (2, 2), (1, 0), (2, 0), (1, 9), (2, 9)}
    spans |= {(0, c) for c in range(4, 9)} | {(1, c) for c in range(5, 9)} | {(2, 3)}
    for key, labels in req_labels(template):
        if key in skip:
            continue
        r = len(rows)
        label_cells = labels + [labels[-1]] * (3 - len(labels))
        spans |= {(r, c) for c in range(len(labels), 3)}
        rows.append(label_cells + [fmt(vals.get(f"requests.{key}.{c}")) for c in APPLICANT_COLS])
    return Table(rows=rows, spans=spans)


def review_table(vals: dict) -> Table:
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    rows = [
        ["行政复议"] * 5 + ["行政诉讼"] * 10,
        heads + ["未经复议直接起诉"] * 5 + ["复议后起诉"] * 5,
        heads + heads + heads,
        [fmt(vals.get(f"{g}.{p}")) for g in REVIEW_GROUPS for p in REVIEW_PARTS],
    ]
    spans = {(0, c) for c in (1, 2, 3, 4)} | {(0, c) for c in range(6, 15)}
    spans |= {(1, c) for c in (6, 7, 8, 9, 11, 12, 13, 14)} | {(2, c) for c in range(5)}
    return Table(rows=rows, spans=spans)


def report_blocks(template: str, vals: dict, year: int = 2020, **kw) -> list:
    return [
        f"XX县人民政府{year}年政府信息公开工作年度报告",
        "一、总体情况",
        "本县认真贯彻落实《中华人民共和国政府信息公开条例》，现将有关情况报告如下。",
        "二、主动公开政府信息情况",
        Table(rows=proactive_rows(template, vals)),
        "三、收到和处理政府信息公开申请情况",
        requests_table(template, vals, **kw),
        "四、政府信息公开行政复议、行政诉讼情况",
        review_table(vals),
        "五、存在的主要问题及改进情况",
        "工作人员不足。",
        "六、其他需要报告的事项",
        "无。",
    ]


def as_document(blocks: list, fmt_name: str = "test") -> Document:
    text = "\n".join(
        b if isinstance(b, str) else "\n".join("\t".join(r) for r in b.rows) for b in blocks
    )
    return Document(blocks=blocks, text=text, source_format=fmt_name)


def one_cell_per_line(blocks: list) -> list:
    """Every table cell as its own paragraph; merged repeats and blanks vanish."""
    out: list = []
    for b in blocks:
        if isinstance(b, str):
            out.append(b)
            continue
        for r, row in enumerate(b.rows):
            out += [t for c, t in enumerate(row) if (r, c) not in b.spans and t.strip()]
    return out


def pdf_lines(blocks: list) -> list:
    """Every table row as one line of text with spaces between cells (PDF text)."""
    out: list = []
    for b in blocks:
        if isinstance(b, str):
            out.append(b)
            continue
        for r, row in enumerate(b.rows):
            cells = [t for c, t in enumerate(row) if (r, c) not in b.spans and t.strip()]
            if cells:
                out.append(" ".join(cells))
    return out


def assert_cells(report: dict, want: dict) -> None:
    cells = report["cells"]
    assert set(cells) == set(cell_ids(report["template"]))
    wrong = {k: (cells.get(k), v) for k, v in want.items() if cells.get(k) != v}
    assert not wrong, f"{len(wrong)} wrong cells, e.g. {list(wrong.items())[:5]}"
