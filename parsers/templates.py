"""The two report templates (国办公开办函〔2019〕60号 and 〔2021〕30号) as data.

Extraction is driven by these tables, not by code per template: each row has
an id, the keywords that recognise its label however a portal words or breaks
it, and the ordered column ids its values fill.  Values are assigned by
position in that column order, so a lost cell stays null instead of sliding
into a neighbour.  How the texts around the rows are read (which part of the
report a heading opens, which column a header cell names, which template a
document's words point at) is ``parsers.headings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

APPLICANT_COLS = (
    "natural_person",
    "commercial",
    "research",
    "social_welfare",
    "legal_services",
    "other_org",
    "total",
)
REVIEW_GROUPS = ("review", "litigation_direct", "litigation_after_review")
REVIEW_PARTS = ("upheld", "corrected", "other", "pending", "total")


@dataclass(frozen=True)
class Row:
    """One template row: ``key`` (cell-id prefix), label pattern, column ids."""

    key: str
    pattern: re.Pattern[str]
    cols: tuple[str, ...]
    section: str  # "proactive" | "requests" | "review"
    needs_section: bool = False  # label too generic to match outside its section
    #: a row of the *other* template (a 2021 report on the 2019 form's single
    #: （六）其他处理 row): recognised so that its values go nowhere and the
    #: mix is flagged, never stored under a row of this template
    foreign: bool = False

    def cell_ids(self) -> list[str]:
        return [f"{self.key}.{c}" for c in self.cols]


def _row(
    key: str,
    regex: str,
    cols: tuple[str, ...],
    section: str,
    strict: bool = False,
    foreign: bool = False,
) -> Row:
    return Row(key, re.compile(regex), cols, section, strict, foreign)


def _proactive(template: str) -> list[Row]:
    if template == "2019":
        made = ("made", "published", "total")
        items = ("prev_items", "change", "decisions")
        return [
            _row("proactive.rules", r"^规章$", made, "proactive"),
            _row("proactive.normative", r"规范性文件$", made, "proactive"),
            _row("proactive.licensing", r"^行政许可$", items, "proactive"),
            _row("proactive.other_services", r"其他对外管理服务", items, "proactive"),
            _row("proactive.penalty", r"^行政处罚$", items, "proactive"),
            _row("proactive.coercion", r"^行政强制$", items, "proactive"),
            _row("proactive.fees", r"^行政事业性收费", ("prev_items", "change"), "proactive"),
            _row("proactive.procurement", r"集中采购", ("projects", "amount"), "proactive"),
        ]
    issued = ("issued", "repealed", "in_force")
    return [
        _row("proactive.rules", r"^规章$", issued, "proactive"),
        _row("proactive.normative", r"规范性文件$", issued, "proactive"),
        _row("proactive.licensing", r"^行政许可$", ("decisions",), "proactive"),
        _row("proactive.penalty", r"^行政处罚$", ("decisions",), "proactive"),
        _row("proactive.coercion", r"^行政强制$", ("decisions",), "proactive"),
        _row("proactive.fees", r"^行政事业性收费", ("amount",), "proactive"),
    ]


# Request rows, most specific first: the first pattern that matches a label wins.
_REQ_COMMON = [
    ("requests.new", r"新收"),
    ("requests.carried_over", r"上一?年度?结转"),
    ("requests.carried_forward", r"结转下一?年"),
    ("requests.partial", r"部分公开"),
    ("requests.withheld.1", r"国家秘密"),
    ("requests.withheld.2", r"法律行政法规|法规禁止"),
    ("requests.withheld.3", r"三安全|一稳定"),
    ("requests.withheld.4", r"第三方"),
    ("requests.withheld.5", r"内部事务|三类内部"),
    ("requests.withheld.6", r"过程性|四类过程"),
    ("requests.withheld.7", r"执法案卷|行政执法案"),
    ("requests.withheld.8", r"行政查询"),
    ("requests.unavailable.1", r"不掌握|本机关不掌"),
    ("requests.unavailable.2", r"没有现成|另行制作"),
    ("requests.unavailable.3", r"补正后|仍不明确"),
    ("requests.not_processed.1", r"信访|举报投诉"),
    ("requests.not_processed.2", r"重复申请"),
    ("requests.not_processed.3", r"公开出版物"),
    ("requests.not_processed.5", r"确认或重新|重新出具|已获取信息"),
    ("requests.granted", r"予以公开"),
]
_REQ_2019_TAIL = [
    ("requests.other.1", r"不补正"),  # foreign: 2021's 其他处理 1.–3.
    ("requests.other.2", r"缴纳费用|收费通知|逾期未按"),
    ("requests.not_processed.4", r"大量反复|无正当理由"),
    ("requests.other", r"其他处理"),
]
_REQ_2021_TAIL = [
    ("requests.other.1", r"不补正"),
    ("requests.other.2", r"缴纳费用|收费通知|逾期未按"),
    ("requests.not_processed.4", r"大量反复|无正当理由"),
]
_REQ_STRICT = {
    "2019": [("requests.total", r"^(三?\(七\)|七[、.]?)?(总计|合计)$")],
    "2021": [
        ("requests.total", r"^(三?\(七\)|七[、.]?)?(总计|合计)$"),
        ("requests.other.3", r"^(3[.、]?)?其他(情形)?$"),
        ("requests.other", r"^(三?\(六\)|六[、.]?)?其他处理$"),  # foreign: 2019's one row
    ],
}
#: rows of the other template, per template (see ``Row.foreign``)
FOREIGN = {"2019": {"requests.other.1", "requests.other.2"}, "2021": {"requests.other"}}

_REVIEW_ROWS = [
    ("litigation_after_review", r"复议后起诉"),
    ("litigation_direct", r"直接起诉"),
    ("review", r"^行政复议$"),
]


def rows(template: str) -> list[Row]:
    """All rows of ``template`` in matching priority (specific before generic)."""
    out = _proactive(template)
    tail = _REQ_2019_TAIL if template == "2019" else _REQ_2021_TAIL
    foreign = FOREIGN[template]
    for key, rx in _REQ_COMMON + tail:
        out.append(_row(key, rx, APPLICANT_COLS, "requests", foreign=key in foreign))
    for key, rx in _REQ_STRICT[template]:
        out.append(_row(key, rx, APPLICANT_COLS, "requests", True, key in foreign))
    for key, rx in _REVIEW_ROWS:
        out.append(_row(key, rx, REVIEW_PARTS, "review", strict=True))
    return out


def cell_ids(template: str) -> list[str]:
    """Every cell id of ``template``, in the order of the printed form."""
    ids: list[str] = []
    for row in _proactive(template):
        ids += row.cell_ids()
    req_rows = ["new", "carried_over", "granted", "partial"]
    req_rows += [f"withheld.{i}" for i in range(1, 9)]
    req_rows += [f"unavailable.{i}" for i in range(1, 4)]
    req_rows += [f"not_processed.{i}" for i in range(1, 6)]
    req_rows += ["other"] if template == "2019" else ["other.1", "other.2", "other.3"]
    req_rows += ["total", "carried_forward"]
    for r in req_rows:
        ids += [f"requests.{r}.{c}" for c in APPLICANT_COLS]
    for g in REVIEW_GROUPS:
        ids += [f"{g}.{p}" for p in REVIEW_PARTS]
    return ids


def result_rows(template: str) -> list[str]:
    """Row keys whose sum is 三(七) 总计 (granted … other)."""
    keys = ["granted", "partial"]
    keys += [f"withheld.{i}" for i in range(1, 9)]
    keys += [f"unavailable.{i}" for i in range(1, 4)]
    keys += [f"not_processed.{i}" for i in range(1, 6)]
    keys += ["other"] if template == "2019" else ["other.1", "other.2", "other.3"]
    return [f"requests.{k}" for k in keys]
