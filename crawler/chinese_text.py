"""Bring a title into one canonical spelling before anyone matches on it.

Publishers write the same title many ways: full-width digits, years in
Chinese numerals (``二〇二〇``, ``二O二O`` with a Latin O, ``二零二零``), line
breaks and spaces inside the title, ``&nbsp;``, list bullets, and spam
mirrors that rewrite text into traditional characters.  Matching rules stay
simple when they only ever see the canonical form.
"""

from __future__ import annotations

import html
import re
import unicodedata

_DIGITS = {
    "〇": "0",
    "○": "0",
    "◯": "0",
    "Ｏ": "0",
    "O": "0",
    "o": "0",
    "零": "0",
    "0": "0",
    "一": "1",
    "二": "2",
    "三": "3",
    "四": "4",
    "五": "5",
    "六": "6",
    "七": "7",
    "八": "8",
    "九": "9",
}
_DIGIT_CLASS = "".join(_DIGITS)
# 19xx or 20xx written with Chinese numerals, followed by 年.
_CN_YEAR = re.compile(rf"([一二])([{_DIGIT_CLASS}]{{3}})(?=\s*年)")

# Traditional characters that mirrors substitute into the words we match on.
_TRADITIONAL = str.maketrans(
    "開報務資縣區門鎮鄉關於發佈編製統計網預決圖讀說國辦財廳業與處義農辦會劃廣東樓號據東書頁標題",
    "开报务资县区门镇乡关于发布编制统计网预决图读说国办财厅业与处义农办会划广东楼号据东书页标题",
)
_SPACES = re.compile(r"[\s\u200b\u200c\u200d\ufeff]+")
_BULLETS = re.compile(r"^[•·●◆■□▪►>\-*]+")


def cn_year_to_int(text: str) -> int | None:
    """``二〇二〇`` / ``二O二O`` / ``二零二零`` / ``2020`` → 2020; None if not a year."""
    text = unicodedata.normalize("NFKC", text).strip()
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    if len(text) == 4 and all(c in _DIGITS for c in text) and text[0] in "一二":
        return int("".join(_DIGITS[c] for c in text))
    return None


def arabic_years(text: str) -> str:
    """Rewrite years written in Chinese numerals before 年 as Arabic digits."""
    return _CN_YEAR.sub(lambda m: "".join(_DIGITS[c] for c in m.group(0)), text)


def normalize(text: str) -> str:
    """Canonical form of a title: NFKC, simplified, no whitespace, Arabic years.

    Whitespace is dropped rather than collapsed because titles break lines
    inside words (``政府信息公开\\n工作年度报告``) and put spaces around years
    (``2020 年``); Chinese titles lose nothing by it.
    """
    text = html.unescape(text or "")
    text = unicodedata.normalize("NFKC", text).translate(_TRADITIONAL)
    text = _SPACES.sub("", text)
    text = _BULLETS.sub("", text)
    return arabic_years(text)


def lines(text: str) -> list[str]:
    """Non-empty normalized lines of a page text, in order."""
    return [n for n in (normalize(line) for line in (text or "").splitlines()) if n]
