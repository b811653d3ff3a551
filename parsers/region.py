"""The report's region as a GB/T 2260 unit: full name and six-digit code.

The text names the organ (``海林市人民政府``, ``鹤岗市南山区人民政府``,
``东风区佳东街道办事处``); the shipped division registry
(``registry.regions``, pure data, no Scrapy) knows which unit that is and
its full name.  A bare name can exist in several provinces (南山区 is in
鹤岗 and in 深圳), and the registry may cover fewer provinces than the
country: a match is only taken when the name was qualified or the report
itself names one of the unit's ancestors; otherwise the text-based guess
stays and no code is given.  A township's report belongs to its county.
The registry is imported lazily, so the parsers do not load it unless a
report is parsed.
"""

from __future__ import annotations

import re

_ADMIN = re.compile(
    r"^((?:[\u4e00-\u9fff]{2,8}?自治[区州县旗]|[\u4e00-\u9fff]{1,4}?"
    r"(?:省|市|州|盟|地区|县|区|旗|镇|乡|街道))+)"
)
_UNIT = re.compile(
    r"[\u4e00-\u9fff]{2,8}?自治[区州县旗]|[\u4e00-\u9fff]{1,4}?(?:省|市|州|盟|地区|县|区|旗|镇|乡|街道)"
)


def _ancestors(code: str) -> list[tuple[str, str]]:
    """(code, name) of the unit's parents, nearest first."""
    from registry.regions import resolve

    out: list[tuple[str, str]] = []
    region = resolve(code)
    while region is not None and region.parent_code and len(out) < 5:
        region = resolve(region.parent_code)
        if region is not None:
            out.append((region.code, region.name))
    return out


def _keys(organ: str | None, guess: str | None) -> list[str]:
    """Names to look up, most specific first: the organ's place names, then
    the same without its last unit (佳东街道 → 东风区), then the text's guess."""
    keys: list[str] = []
    m = _ADMIN.match(organ or "")
    if m:
        units = _UNIT.findall(m.group(1))
        for n in range(len(units), 0, -1):
            keys.append("".join(units[:n]))
    if guess:
        keys.append(guess)
    return list(dict.fromkeys(keys))


def registry_region(organ: str | None, guess: str | None, text: str) -> tuple[str, str] | None:
    """(full name, code) of the report's county or higher unit, or None."""
    from registry.name_forms import short_name
    from registry.regions import full_name, resolve

    for key in _keys(organ, guess):
        region = resolve(key)
        if region is None:
            continue
        code = region.code
        ancestors = _ancestors(code)
        qualified = any(name in key for _, name in ancestors)
        named = any(name in text or short_name(name) in text for _, name in ancestors)
        if not (qualified or named or not ancestors):
            continue
        if region.level == "township" and ancestors:
            code = ancestors[0][0]
        if len(code) != 6:
            continue
        return full_name(code), code
    return None


def site_region(code: str) -> tuple[str, str] | None:
    """(full name, code) for the six digits of a 政府网站标识码, if the registry has them."""
    from registry.regions import full_name

    name = full_name(code, strict=False)
    return (name, code) if name else None
