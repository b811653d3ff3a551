"""Render a report's tables as the official templates lay them out (rowspan/colspan headers).

Used to build the demo portal and the test portals: the pages are what a real
TRS article of a 政府信息公开工作年度报告 looks like, numbers included.
"""

from __future__ import annotations

from html import escape

from parsers.templates import APPLICANT_COLS

WITHHELD = [
    "属于国家秘密",
    "其他法律行政法规禁止公开",
    "危及“三安全一稳定”",
    "保护第三方合法权益",
    "属于三类内部事务信息",
    "属于四类过程性信息",
    "属于行政执法案卷",
    "属于行政查询事项",
]
UNAVAILABLE = ["本机关不掌握相关政府信息", "没有现成信息需要另行制作", "补正后申请内容仍不明确"]
NOT_PROCESSED = [
    "信访举报投诉类申请",
    "重复申请",
    "要求提供公开出版物",
    "无正当理由大量反复申请",
    "要求行政机关确认或重新出具已获取信息",
]
OTHER_2021 = [
    "申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "其他",
]


def _v(cells: dict[str, float | int | None], key: str) -> str:
    value = cells.get(key)
    return "" if value is None else escape(str(value))


def _tr(*tds: str) -> str:
    return "<tr>" + "".join(tds) + "</tr>\n"


def _td(text: str, rowspan: int = 1, colspan: int = 1) -> str:
    attrs = (f' rowspan="{rowspan}"' if rowspan > 1 else "") + (
        f' colspan="{colspan}"' if colspan > 1 else ""
    )
    return f"<td{attrs}>{text}</td>"


def proactive_2019(c: dict[str, float | int | None]) -> str:
    def block(article: str, head: list[str], rows: list[tuple[str, str, list[str]]]) -> str:
        out = _tr(_td(f"第二十条第（{article}）项", colspan=len(head) + 1))
        out += _tr(_td("信息内容"), *(_td(h) for h in head))
        for label, key, cols in rows:
            out += _tr(_td(label), *(_td(_v(c, f"proactive.{key}.{col}")) for col in cols))
        return out

    made = ["made", "published", "total"]
    items = ["prev_items", "change", "decisions"]
    body = block(
        "一",
        ["本年新制作数量", "本年新公开数量", "对外公开总数量"],
        [("规章", "rules", made), ("规范性文件", "normative", made)],
    )
    body += block(
        "五",
        ["上一年项目数量", "本年增/减", "处理决定数量"],
        [("行政许可", "licensing", items), ("其他对外管理服务事项", "other_services", items)],
    )
    body += block(
        "六",
        ["上一年项目数量", "本年增/减", "处理决定数量"],
        [("行政处罚", "penalty", items), ("行政强制", "coercion", items)],
    )
    body += block("八", ["上一年项目数量", "本年增/减"], [("行政事业性收费", "fees", items[:2])])
    body += block(
        "九",
        ["采购项目数量", "采购总金额"],
        [("政府集中采购", "procurement", ["projects", "amount"])],
    )
    return f'<table border="1">\n{body}</table>\n'


def proactive_2021(c: dict[str, float | int | None]) -> str:
    out = _tr(_td("第二十条第（一）项", colspan=4))
    out += _tr(_td("信息内容"), _td("本年制发件数"), _td("本年废止件数"), _td("现行有效件数"))
    for label, key in (("规章", "rules"), ("行政规范性文件", "normative")):
        out += _tr(
            _td(label),
            *(_td(_v(c, f"proactive.{key}.{k}")) for k in ("issued", "repealed", "in_force")),
        )
    for article, label, key in (
        ("五", "行政许可", "licensing"),
        ("六", "行政处罚", "penalty"),
        ("六", "行政强制", "coercion"),
    ):
        out += _tr(_td(f"第二十条第（{article}）项", colspan=4))
        out += _tr(_td("信息内容"), _td("本年处理决定数量", colspan=3))
        out += _tr(_td(label), _td(_v(c, f"proactive.{key}.decisions"), colspan=3))
    out += _tr(_td("第二十条第（八）项", colspan=4))
    out += _tr(_td("信息内容"), _td("本年收费金额（单位：万元）", colspan=3))
    out += _tr(_td("行政事业性收费"), _td(_v(c, "proactive.fees.amount"), colspan=3))
    return f'<table border="1">\n{out}</table>\n'


def requests_table(c: dict[str, float | int | None], template: str) -> str:
    def vals(row: str) -> list[str]:
        return [_td(_v(c, f"requests.{row}.{a}")) for a in APPLICANT_COLS]

    other = [("other", "（六）其他处理")] if template == "2019" else []
    out = _tr(
        _td(
            "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
            rowspan=3,
            colspan=3,
        ),
        _td("申请人情况", colspan=7),
    )
    out += _tr(_td("自然人", rowspan=2), _td("法人或其他组织", colspan=5), _td("总计", rowspan=2))
    out += _tr(*(_td(h) for h in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")))
    out += _tr(_td("一、本年新收政府信息公开申请数量", colspan=3), *vals("new"))
    out += _tr(_td("二、上年结转政府信息公开申请数量", colspan=3), *vals("carried_over"))
    n_rows = 2 + 8 + 3 + 5 + (1 if template == "2019" else 3) + 1
    out += _tr(
        _td("三、本年度办理结果", rowspan=n_rows),
        _td("（一）予以公开", colspan=2),
        *vals("granted"),
    )
    out += _tr(
        _td("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", colspan=2), *vals("partial")
    )
    for i, label in enumerate(WITHHELD, 1):
        head = [_td("（三）不予公开", rowspan=8)] if i == 1 else []
        out += _tr(*head, _td(f"{i}.{label}"), *vals(f"withheld.{i}"))
    for i, label in enumerate(UNAVAILABLE, 1):
        head = [_td("（四）无法提供", rowspan=3)] if i == 1 else []
        out += _tr(*head, _td(f"{i}.{label}"), *vals(f"unavailable.{i}"))
    for i, label in enumerate(NOT_PROCESSED, 1):
        head = [_td("（五）不予处理", rowspan=5)] if i == 1 else []
        out += _tr(*head, _td(f"{i}.{label}"), *vals(f"not_processed.{i}"))
    if other:
        out += _tr(_td("（六）其他处理", colspan=2), *vals("other"))
    else:
        for i, label in enumerate(OTHER_2021, 1):
            head = [_td("（六）其他处理", rowspan=3)] if i == 1 else []
            out += _tr(*head, _td(f"{i}.{label}"), *vals(f"other.{i}"))
    out += _tr(_td("（七）总计", colspan=2), *vals("total"))
    out += _tr(_td("四、结转下年度继续办理", colspan=3), *vals("carried_forward"))
    return f'<table border="1">\n{out}</table>\n'


def review_table(c: dict[str, float | int | None]) -> str:
    parts = ["upheld", "corrected", "other", "pending", "total"]
    heads = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]
    out = _tr(_td("行政复议", colspan=5), _td("行政诉讼", colspan=10))
    out += _tr(
        *(_td(h, rowspan=2) for h in heads),
        _td("未经复议直接起诉", colspan=5),
        _td("复议后起诉", colspan=5),
    )
    out += _tr(*(_td(h) for h in heads * 2))
    out += _tr(
        *(
            _td(_v(c, f"{g}.{p}"))
            for g in ("review", "litigation_direct", "litigation_after_review")
            for p in parts
        )
    )
    return f'<table border="1">\n{out}</table>\n'


def report_body(organ: str, year: int, template: str, cells: dict[str, float | int | None]) -> str:
    """The article body: the six parts, tables where the templates put them."""
    proactive = proactive_2019(cells) if template == "2019" else proactive_2021(cells)
    return (
        f"<p>本报告由{escape(organ)}根据《中华人民共和国政府信息公开条例》编制。本报告中所列数据的统计期限自"
        f"{year}年1月1日起至{year}年12月31日止。</p>\n"
        f"<p>一、总体情况</p>\n<p>{year}年，{escape(organ)}认真贯彻落实政务公开工作要点。</p>\n"
        f"<p>二、主动公开政府信息情况</p>\n{proactive}"
        f"<p>三、收到和处理政府信息公开申请情况</p>\n{requests_table(cells, template)}"
        f"<p>四、政府信息公开行政复议、行政诉讼情况</p>\n{review_table(cells)}"
        "<p>五、存在的主要问题及改进情况</p>\n<p>公开内容的全面性还需加强。</p>\n"
        "<p>六、其他需要报告的事项</p>\n<p>无。</p>\n"
    )
