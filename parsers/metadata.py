"""Report metadata from the document: title, organ, region, year covered, date.

The title names the organ and the year the report covers (not the year it
was published); it is often split over two lines or abbreviated
(``南山区 2019 年…``), so the organ is completed from the body text, where
the full name (``鹤岗市南山区人民政府``) usually appears.
"""

from __future__ import annotations

import re
from collections import Counter

from parsers.document import Document, Table
from parsers.labels import cn_year, norm
from parsers.region import registry_region, site_region

_TITLE_WORDS = re.compile(r"年度报告|年报|工作报告")
_YEAR = re.compile(r"((?:19|20)\d{2})|([〇一二三四五六七八九零○]{4})")
_TITLE = re.compile(
    r"^(?P<organ>.*?)(?P<year>(?:19|20)\d{2}|[〇一二三四五六七八九零○]{4})年度?(?P<rest>.*)$"
)
_ORGAN_END = re.compile(
    r"(人民政府|政府|办公室|办公厅|委员会|办事处|局|厅|委|中心|院|署|所|馆|会|队|站|部|处|社|公司)$"
)
_ADMIN_UNIT = r"(?:[\u4e00-\u9fff]{2,8}?自治[区州县旗]|[\u4e00-\u9fff]{1,4}?(?:省|市|州|盟|地区|县|区|旗|镇|乡|街道))"
_ADMIN = re.compile(rf"^({_ADMIN_UNIT}+)")
_LEAD_JUNK = "由是将对在为向经据按和与及的了现特本年月日号•·-—*>》 "
_PROVINCES_TEXT = (
    "北京市 天津市 上海市 重庆市 河北省 山西省 辽宁省 吉林省 黑龙江省 江苏省 "
    "浙江省 安徽省 福建省 江西省 山东省 河南省 湖北省 湖南省 广东省 海南省 四川省 "
    "贵州省 云南省 陕西省 甘肃省 青海省 内蒙古自治区 广西壮族自治区 西藏自治区 "
    "宁夏回族自治区 新疆维吾尔自治区 "
)
_PROVINCES = tuple(_PROVINCES_TEXT.split())
_DATE_FIELD = re.compile(
    r"(?:发布日期|发布时间|成文日期|日期|时间)\s*[:：]?\s*(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})"
)
_DATE_LINE = re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$")


def paragraphs(doc: Document, limit: int | None = None) -> list[str]:
    out = [b.strip() for b in doc.blocks if isinstance(b, str) and b.strip()]
    return out[:limit] if limit else out


def find_title(doc: Document) -> str:
    """The report's title: among the first short paragraphs, the best one
    naming a 年度报告 (with a year and 信息公开 it beats a breadcrumb such as
    ``政府信息公开年报``), joined with the line before it when the title is
    broken in two and that line is an organ's name."""
    if doc.title and _TITLE_WORDS.search(doc.title) and _YEAR.search(norm(doc.title)):
        return norm(doc.title).lstrip(_LEAD_JUNK)
    paras = [norm(p) for p in paragraphs(doc, 30)]
    best, best_score = "", 0
    for i, p in enumerate(paras):
        if len(p) > 60 or not _TITLE_WORDS.search(p) or "。" in p:
            continue
        m = _TITLE.match(p)
        prev = paras[i - 1] if i > 0 else ""
        if (m is None or not m.group("organ")) and _is_organ_line(prev):
            p = prev + p
        score = 1 + 2 * bool(_YEAR.search(p)) + ("信息公开" in p or "政务公开" in p)
        if score > best_score:
            best, best_score = p, score
    return best.lstrip(_LEAD_JUNK) or norm(doc.title or "")


def _is_organ_line(text: str) -> bool:
    return (
        2 <= len(text) <= 30
        and not re.search(r"[:：，。、|>]", text)
        and bool(_ORGAN_END.search(text) or _ADMIN.match(text) or _YEAR.search(text[-6:]))
    )


def _first_year(text: str) -> int | None:
    for m in _YEAR.finditer(text):
        y = int(m.group(1)) if m.group(1) else cn_year(m.group(2))
        if y and 2000 <= y <= 2100:
            return y
    return None


def year_covered(title: str, text: str, published: str | None) -> int | None:
    """Title year, else the statistics period, else the year the opening
    text names most often (the law's 2019 revision is named once)."""
    y = _first_year(title)
    if y:
        return y
    body = norm(text[:5000])
    m = re.search(r"统计期限?自(\d{4})年", body)
    if m:
        return int(m.group(1))
    years = Counter(int(g1) if g1 else cn_year(g2) for g1, g2 in _YEAR.findall(body[:3000]))
    years.pop(None, None)
    ranked = [y for y, _ in years.most_common() if y and 2000 <= y <= 2100]
    if ranked:
        return ranked[0]
    return int(published[:4]) - 1 if published else None


def find_organ(title: str, text: str) -> str | None:
    m = _TITLE.match(title)
    organ = m.group("organ") if m else ""
    if m and not organ:
        rest = re.match(r"(.*?)(?:政府信息公开|政务信息公开|信息公开|政务公开)", m.group("rest"))
        organ = rest.group(1) if rest else ""
    organ = re.split(r"(?:政府|政务)?信息公开|政务公开|年度报告|年报|[(（]", organ)[0]
    organ = organ.lstrip(_LEAD_JUNK).removesuffix("关于")
    if organ.endswith("人民"):
        organ += "政府"
    if not organ:
        return None
    body = norm(text)
    if not _ORGAN_END.search(organ):
        for suffix in ("人民政府", "政府"):
            if organ + suffix in body:
                organ += suffix
                break
    # a longer name ending with the title's (佳木斯市 + 前进区人民政府) is the full
    # one, unless the report itself mostly writes the short one
    best = organ
    for pm in re.finditer(r"([\u4e00-\u9fff]{2,12})" + re.escape(organ), body):
        prefix = pm.group(1)
        for k in range(len(prefix)):
            tail = prefix[k:]
            if tail[0] not in _LEAD_JUNK and re.fullmatch(rf"{_ADMIN_UNIT}+", tail):
                if len(tail + organ) > len(best):
                    best = tail + organ
                break
    if best != organ:
        untitled = body.replace(norm(title), "")
        if untitled.count(organ) - untitled.count(best) > untitled.count(best):
            return organ
    return best


_UNIT = re.compile(_ADMIN_UNIT)
_PREFECTURE = re.compile(r"(?:^|[^\u4e00-\u9fff]|[、和及与省《“])([\u4e00-\u9fff]{2,3}[市州盟])")


def find_region(organ: str | None, text: str) -> str | None:
    """Administrative name: the organ's leading place names (without 街道/乡/镇),
    completed from the body text with the province and, for a 区/县/旗, the
    city the text names.  Best effort: no division table is consulted."""
    if not organ:
        return None
    admin = _ADMIN.match(organ)
    if not admin:
        return None
    units = _UNIT.findall(admin.group(1))
    while len(units) > 1 and units[-1].endswith(("街道", "镇", "乡")):
        units.pop()
    region = "".join(units)
    body = norm(text)
    full = re.search(
        rf"({'|'.join(_PROVINCES)})([\u4e00-\u9fff]{{2,6}}[市州盟])?" + re.escape(region),
        body,
    )
    if full:
        return full.group(0)
    if len(units) == 1 and units[0].endswith(("区", "县", "旗")):
        cities = Counter(
            c for c in _PREFECTURE.findall(body) if c != units[0] and c[0] not in "全本我各该此"
        )
        if cities:
            region = cities.most_common(1)[0][0] + region
    if not region.startswith(tuple(_PROVINCES)):
        counts = Counter(p for p in _PROVINCES if p in body)
        if counts:
            return counts.most_common(1)[0][0] + region
    return region


_CN_DATE_LINE = re.compile(
    r"^([〇一二三四五六七八九零○]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日$"
)
_SITE_CODE = re.compile(r"网站标识码[:：]?\s*(\d{10})")
_PUBLISHER_KEYS = ("发布机构", "ContentSource", "publisher", "source", "来源")


def _cn_small(text: str) -> int:
    """一 … 三十一 → 1 … 31 (months and days in Chinese numerals)."""
    digits = "一二三四五六七八九"
    tens, _, ones = text.rpartition("十")
    if "十" not in text:
        return digits.index(text) + 1
    return (digits.index(tens) + 1 if tens else 1) * 10 + (digits.index(ones) + 1 if ones else 0)


def find_published(doc: Document) -> str | None:
    """A date field of the page (发布日期：…), else the date line under the
    signature at the end, in Arabic or Chinese numerals."""
    if doc.published:
        return doc.published
    m = _DATE_FIELD.search(doc.text[:2000])
    if m:
        y, mo, d = (int(g) for g in m.groups())
    else:
        y = 0
        for p in reversed(paragraphs(doc)[-12:]):
            t = norm(p)
            if m := _DATE_LINE.match(t):
                y, mo, d = (int(g) for g in m.groups())
                break
            if c := _CN_DATE_LINE.match(t):
                y, mo, d = cn_year(c.group(1)) or 0, _cn_small(c.group(2)), _cn_small(c.group(3))
                break
    if not (y and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def metadata(doc: Document) -> dict[str, object]:
    title = find_title(doc)
    published = find_published(doc)
    organ = find_organ(title, doc.text)
    if organ is None:
        organ = next((norm(doc.meta[k]) for k in _PUBLISHER_KEYS if doc.meta.get(k)), None)
    guess = find_region(organ, doc.text)
    out: dict[str, object] = {
        "title": title or None,
        "organ": organ,
        "region": guess,
        "year": year_covered(title, doc.text, published),
        "published": published,
    }
    site = _SITE_CODE.search(doc.text)
    # 政府网站标识码 starts with the GB/T 2260 code of the site's government
    found = registry_region(organ, guess, f"{title}\n{doc.text}") or (
        site_region(site.group(1)[:6]) if site else None
    )
    if found is not None:
        out["region"], out["region_code"] = found
    elif site:
        out["region_code"] = site.group(1)[:6]
    return out


def has_tables(doc: Document) -> bool:
    return any(isinstance(b, Table) for b in doc.blocks)
