"""Is this link or page a 政府信息公开工作年度报告, and whose, for which year?

A 年报 column is full of things that share its words: the notices that ask
for the reports, the 国办 format notice, 解读 and 图解 of a report, 政府网站
工作年度报表, 统计公报.  The crawler keeps only the reports, so the look-alikes
are tested first and by name; only then does the title have to say
信息公开/政务公开 and 年报/年度报告/报告.  A title cut with ``…`` in a list is
judged on what it still says, and otherwise from the page text or the URL.

``year`` is the year the report covers (the year written before 年度报告),
never the posting date; ``organ`` is the publisher the title names, with a
bare region (``海林市``) or ``…政府`` spelled as its 人民政府, so that the same
publisher gets the same name across years.

``kind`` is ``report`` or ``correction`` (更正版/修订) for reports; for the
rest it names the look-alike: ``notice``, ``system`` (年报制度), ``interpretation``,
``website_report``, ``enterprise``, ``statistics``, ``budget``, ``rule_of_law``,
``work_report``, ``column`` (a column's own name), or ``other``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from crawler import title_rules as rules
from crawler.chinese_text import lines, normalize
from crawler.columns import column_link_score as column_link_score

__all__ = [
    "Classification",
    "body_is_attachment",
    "classify",
    "column_link_score",
    "is_detail_hint",
]

FIRST_YEAR, LAST_YEAR = 2007, 2099


@dataclass(frozen=True)
class Classification:
    is_report: bool
    year: int | None
    organ: str | None
    kind: str
    reason: str


def _year(value: str) -> int | None:
    year = int(value)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def _covered_year(title: str, key_start: int) -> tuple[int | None, tuple[int, int] | None]:
    """The year nearest before the report words, else one written after them."""
    before = [m for m in rules.YEAR.finditer(title[:key_start]) if _year(m.group(1))]
    if before:
        m = before[-1]
        return int(m.group(1)), m.span()
    after = [m for m in rules.YEAR.finditer(title, key_start) if _year(m.group(1))]
    if not after:
        after = [m for m in re.finditer(r"(?<!\d)(\d{4})(?!\d)", title) if _year(m.group(1))]
    return (int(after[0].group(1)), None) if after else (None, None)


def _clean_organ(raw: str) -> str | None:
    organ = re.sub(r"^[【\[(（](更正|修订|修正|更新|最新|置顶|转载)[】\])）]", "", raw)
    organ = re.sub(r"^[《【\[(（“\"'：:、]+|[》】\]”\"'：:、,，—\-]+$", "", organ)
    while organ.endswith(")") and organ.count("(") < organ.count(")"):
        organ = organ[:-1]
    organ = re.sub(r"(关于|的|本级|年度|度)+$", "", organ)
    organ = re.sub(r"^(关于|公布|发布)", "", organ)
    if organ.endswith(("政府", "政务")) and not organ.endswith("人民政府") and len(organ) > 3:
        organ = organ[:-2]
    if organ in ("政府", "政务", "人民政府"):
        return None
    if len(organ) < 2 or re.search(r"\d|关于|通知|信息公开|>|»|首页", organ):
        return None
    if organ.endswith("人民") and len(organ) > 3:  # 人民|政府信息公开: the split ate 政府
        organ += "政府"
    if rules.REGION_SUFFIX.search(organ) and not rules.NOT_GOVERNMENT.search(organ):
        organ += "人民政府"
    return organ


def _organ(title: str, key_start: int, year_span: tuple[int, int] | None) -> str | None:
    if year_span:
        # "2021年发布：海林市2020年…", "海林市2019-2020年…": keep what names the publisher
        prefix = re.split(r"[：:，,]", title[: year_span[0]])[-1]
        prefix = re.sub(r"\d{4}[-—~至到]$", "", prefix)
        middle = re.sub(r"^度", "", title[year_span[1] : key_start])
        return _clean_organ(prefix) or _clean_organ(middle)
    return _clean_organ(title[:key_start])


def _look_alike(title: str) -> Classification | None:
    for kind, pattern, what in rules.LOOK_ALIKES:
        if pattern.search(title):
            year, _ = _covered_year(title, len(title))
            return Classification(False, year, None, kind, f"look-alike: {what}")
    return None


def _from_title(title: str) -> Classification | None:
    """Decide from the title alone; None when a cut or empty title leaves it open."""
    if rules.GENERIC.search(title):
        return None
    found = _look_alike(title)
    if found:
        return found
    key = rules.KEY.search(title)
    cut = bool(rules.CUT.search(title))
    stem = rules.CUT.sub("", title)
    if key is None and cut:
        key = rules.CUT_KEY.search(stem)
        if key is None:
            return None
    if key is None and re.search(r"年度报告|年报$", stem):
        return None  # "2020年度报告" in a 年报 column: let the text or URL decide
    if key is None:
        return Classification(False, None, None, "other", "title does not name a 信息公开 年报")
    if rules.COLUMN.match(stem):
        return None
    year, span = _covered_year(stem, key.start())
    organ = _organ(stem, key.start(), span)
    if rules.CORRECTION.search(title):
        return Classification(True, year, organ, "correction", "corrected version of a report")
    how = "cut title still names" if cut and not rules.KEY.search(title) else "title names"
    return Classification(True, year, organ, "report", f"{how} a 政府信息公开工作年度报告")


def _heading(text: str) -> str | None:
    """The report title at the top of a page text, joined when it spans two lines."""
    top = lines(text)[:20]
    for i, line in enumerate(top):
        if rules.CHROME.search(line):
            continue
        if rules.KEY.search(line) and len(line) <= 60 and "。" not in line:
            prev = top[i - 1] if i else ""
            chrome = rules.CHROME.search(prev) or re.search(r"[。，,:：]|\d{4}-", prev)
            if prev and len(prev) <= 30 and not chrome and not rules.KEY.search(prev):
                return prev + line
            return line
    return None


def _text_year(text: str) -> int | None:
    flat = normalize(text[:5000])
    m = re.search(r"统计期限(?:为|是)?(?:自|从)?(\d{4})年", flat) or re.search(
        r"(\d{4})年度?(?:政府|政务)?信息公开", flat
    )
    return _year(m.group(1)) if m else None


def _url_year(url: str) -> int | None:
    m = re.search(r"fbtime=(\d{4})|annualreport/year/show/[^/]+/(\d{4})", url, re.I)
    return _year(m.group(1) or m.group(2)) if m else None


def classify(title: str, text: str | None = None, url: str | None = None) -> Classification:
    """Classify a link or page by its title, then its text, then its URL.

    A clear title decides (text only fills a missing year); a look-alike
    title is never overruled by its text, since 解读 pages quote the report.
    """
    norm = normalize(title)
    result = _from_title(norm) if norm else None
    if result is None and text:
        heading = _heading(text)
        sub = _from_title(heading) if heading else None
        if sub and sub.is_report:
            result = Classification(
                True, sub.year, sub.organ, sub.kind, f"title undecided; text heading {heading!r}"
            )
        elif sub:  # the page's own heading names a look-alike: its report words are quotes
            result = Classification(False, sub.year, None, sub.kind, f"text heading: {sub.reason}")
        elif sum(s in normalize(text[:20000]) for s in rules.SECTIONS) >= 3:
            result = Classification(
                True, None, None, "report", "title undecided; text has report sections"
            )
    if result is None and url and rules.URL_HINT.search(url):
        result = Classification(
            True, None, None, "report", "title undecided; URL is in a 年报 column"
        )
    if result is None:
        if norm and rules.COLUMN.match(rules.CUT.sub("", norm)):
            return Classification(False, None, None, "column", "the name of a 年报 column")
        why = "no title"
        if norm:
            cut = rules.CUT.search(norm)
            why = "title cut before it says what it is" if cut else "title names no 信息公开 年报"
        return Classification(False, None, None, "other", why)
    if result.is_report and (
        result.year is None or (result.organ is None and rules.CUT.search(norm))
    ):
        return _fill(result, text, url, cut=bool(rules.CUT.search(norm)))
    return result


def _fill(result: Classification, text: str | None, url: str | None, cut: bool) -> Classification:
    """Fill a report's missing year (and, for a cut title, its organ) from text or URL."""
    heading = _heading(text) if text else None
    sub = _from_title(heading) if heading else None
    sub = sub if sub and sub.is_report else None
    year = result.year or (sub.year if sub else None)
    year = year or (_text_year(text) if text else None) or (_url_year(url) if url else None)
    organ = result.organ or (sub.organ if sub and cut else None)
    return Classification(True, year, organ, result.kind, result.reason)


def body_is_attachment(text: str | None) -> bool:
    """True when the page only points at its attachment (``详见附件``).

    Such a page is still the report's page, but its body is the attached
    PDF/DOC, which the crawler must fetch and parse instead of the HTML.
    """
    flat = normalize(text or "")
    if not rules.ATTACHMENT.search(flat):
        return False
    return sum(s in flat for s in rules.SECTIONS) < 2 or len(flat) < 400


is_detail_hint = body_is_attachment
