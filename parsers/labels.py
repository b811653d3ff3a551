"""Normalising cell texts: labels for matching, values for numbers.

Portals break labels with spaces and line breaks (``科研机 构``,
``三安全一 稳定``), write full-width digits and brackets, put units in cells
(``251000元``) and signs on changes (``+5``).  Everything is normalised here
once, so the matcher compares plain strings and never needs fuzzy matching.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+|&nbsp;?|&#160;|\[bookmark:[^\]]*\]")
_NUMBER = re.compile(
    r"^(?:约)?(?P<sign>[+\-]?)(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<dec>\.\d+)?"
    r"\(?(?P<unit>万元|元|件|个|项|条|次|人|家|宗|份|户|笔)?\)?$"
)
#: marks that publishers write instead of a number; they hold a place but no value
_NULL_MARKS = {"-", "--", "/", "\\", "无", "空", "—", "——", "–", "…", "……", "×", "x", "*"}
_SPLIT_TAIL = re.compile(r"^(?P<label>.*?\D)\s+(?P<nums>[+\-]?\d[\d,.]*(?:\s+[+\-]?\d[\d,.]*)*)$")


@lru_cache(maxsize=8192)
def norm(text: str) -> str:
    """Label form: NFKC (full-width → ASCII), no whitespace, unified dashes."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("−", "-").replace("－", "-").replace("﹢", "+")
    return _SPACE.sub("", text)


def is_blank(text: str) -> bool:
    return not norm(text)


#: a cell's number as the report/1 JSON holds it: None for a blank or a null mark
Number = int | float | None


class Value:
    """A parsed value cell: ``number`` is None for blanks and null marks."""

    __slots__ = ("number", "unit", "blank", "digits")

    def __init__(self, number: Number, unit: str | None, blank: bool, digits: str = "") -> None:
        self.number = number
        self.unit = unit
        self.blank = blank
        #: the digits as written, for a plain unsigned integer (``0218`` keeps
        #: its zero): cells run together are split on these (``parsers.runs``)
        self.digits = digits

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Value({self.number!r}, {self.unit!r})"


def parse_value(text: str) -> Value | None:
    """The cell as a value, or None when it is a label (not a number, not blank)."""
    t = norm(text)
    if not t:
        return Value(None, None, True)
    if t in _NULL_MARKS:
        return Value(None, None, False)
    m = _NUMBER.match(t)
    if not m:
        return None
    digits = m.group("num").replace(",", "")
    number: int | float
    if m.group("dec") and int(m.group("dec")[1:] or 0) != 0:
        number = float(digits + m.group("dec"))
    else:
        number = int(digits)
    if m.group("sign") == "-":
        number = -number
    if m.group("unit") == "元":
        number = to_wanyuan(number)
    plain = not m.group("sign") and not m.group("dec") and not m.group("unit") and "," not in t
    return Value(number, m.group("unit"), False, digits if plain else "")


def to_wanyuan(yuan: int | float) -> int | float:
    """``251000元`` → 25.1: every amount cell of both templates is in 万元, so
    an amount a publisher wrote in 元 is converted (exactly) and flagged."""
    value = round(yuan / 10000, 6)
    return int(value) if value.is_integer() else value


_NUMBERS_IN_ONE = re.compile(r"^\s*[+\-]?\d[\d.,]*(?:\s+[+\-]?\d[\d.,]*)+\s*$")


def split_numbers(text: str) -> list[str]:
    """``'0 0 1'`` in one cell (a PDF reader merged the cells) → three cells."""
    if _NUMBERS_IN_ONE.match(unicodedata.normalize("NFKC", text)):
        return unicodedata.normalize("NFKC", text).split()
    return [text]


def split_label_numbers(text: str) -> tuple[str, list[str]] | None:
    """``'规章 0 0 0'`` → ``('规章', ['0', '0', '0'])``: rows that a PDF or OCR
    reader delivers as one line.  None when the text does not end in numbers."""
    t = unicodedata.normalize("NFKC", text).strip()
    if not t or not t[-1].isdigit():
        return None
    if all(parse_value(p) is not None for p in t.split()):
        return "", t.split()
    m = _SPLIT_TAIL.match(t)
    if not m:
        return None
    label = m.group("label").strip()
    # "1." or "三、" alone is an item number, not a label followed by values
    if not label or re.fullmatch(r"[\d一二三四五六七八九十()、.]+", norm(label)):
        return None
    return label, m.group("nums").split()


_CN_DIGITS = {c: i for i, c in enumerate("〇一二三四五六七八九")}
_CN_DIGITS.update({"零": 0, "○": 0, "O": 0, "Ｏ": 0})


def cn_year(text: str) -> int | None:
    """``二〇二〇`` → 2020 (years written in Chinese numerals)."""
    if len(text) == 4 and all(c in _CN_DIGITS for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text))
    return None


#: the row labels as the two templates print them (item number first), for
#: the tolerant matcher (``parsers.fuzzy``) that reads labels with typos
OFFICIAL_LABELS: dict[str, str] = {
    "proactive.rules": "规章",
    "proactive.normative": "规范性文件",
    "proactive.licensing": "行政许可",
    "proactive.other_services": "其他对外管理服务事项",
    "proactive.penalty": "行政处罚",
    "proactive.coercion": "行政强制",
    "proactive.fees": "行政事业性收费",
    "proactive.procurement": "政府集中采购",
    "requests.new": "一、本年新收政府信息公开申请数量",
    "requests.carried_over": "二、上年结转政府信息公开申请数量",
    "requests.granted": "(一)予以公开",
    "requests.partial": "(二)部分公开",
    "requests.withheld.1": "1.属于国家秘密",
    "requests.withheld.2": "2.其他法律行政法规禁止公开",
    "requests.withheld.3": "3.危及“三安全一稳定”",
    "requests.withheld.4": "4.保护第三方合法权益",
    "requests.withheld.5": "5.属于三类内部事务信息",
    "requests.withheld.6": "6.属于四类过程性信息",
    "requests.withheld.7": "7.属于行政执法案卷",
    "requests.withheld.8": "8.属于行政查询事项",
    "requests.unavailable.1": "1.本机关不掌握相关政府信息",
    "requests.unavailable.2": "2.没有现成信息需要另行制作",
    "requests.unavailable.3": "3.补正后申请内容仍不明确",
    "requests.not_processed.1": "1.信访举报投诉类申请",
    "requests.not_processed.2": "2.重复申请",
    "requests.not_processed.3": "3.要求提供公开出版物",
    "requests.not_processed.4": "4.无正当理由大量反复申请",
    "requests.not_processed.5": "5.要求行政机关确认或重新出具已获取信息",
    "requests.other": "(六)其他处理",
    "requests.other.1": "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
    "requests.other.2": "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "requests.other.3": "3.其他",
    "requests.total": "(七)总计",
    "requests.carried_forward": "四、结转下年度继续办理",
}
_ITEM = re.compile(r"^(?:\(([一二三四五六七八九十]{1,2})\)|([一二三四五六七八九十\d]{1,2})[、.])")


def item_number(label: str) -> str | None:
    """``'2.其他…'`` → ``'2'``, ``'(七)总计'`` → ``'七'``; None without one."""
    m = _ITEM.match(norm(label))
    return (m.group(1) or m.group(2)) if m else None


def similarity(label: str, official: str) -> float:
    """How alike two labels read (0–1), with and without their item numbers."""
    from difflib import SequenceMatcher

    a, b = norm(label), norm(official)
    full = SequenceMatcher(None, a, b, autojunk=False).ratio()
    bare = SequenceMatcher(None, _ITEM.sub("", a), _ITEM.sub("", b), autojunk=False).ratio()
    return max(full, bare)
