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


class Value:
    """A parsed value cell: ``number`` is None for blanks and null marks."""

    __slots__ = ("number", "unit", "blank", "digits")

    def __init__(
        self, number: int | float | None, unit: str | None, blank: bool, digits: str = ""
    ) -> None:
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
