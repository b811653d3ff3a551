"""How a unit's name is written: with or without its unit type, with organ words.

Pages and users write 海林, 海林市 or 海林市人民政府 for one unit, and
恩施 for 恩施土家族苗族自治州.  These are rules about Chinese names alone,
kept apart from the registry's rows (:mod:`registry.regions`, which builds its
short-name index with them and cleans every name it is asked to resolve), so
that the rules are in one place for whoever needs a name's short form, its
clean form or its organ (link matching, ingest, the overdue check).
"""

from __future__ import annotations

import re

_SUFFIXES = (
    "特别行政区",
    "自治县",
    "自治州",
    "自治旗",
    "自治区",
    "地区",
    "街道",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "镇",
    "乡",
    "盟",
)
# 民族 names as they appear in the names of 自治州/县/旗 (恩施土家族苗族自治州 → 恩施).
_ETHNIC = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|"
    "拉祜|水|东乡|纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|"
    "塔吉克|怒|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺"
)
#: the longest unit type that leaves a name of two characters or more (a one-pass match:
#: the registry's whole index is built from it at every start)
_SUFFIX = re.compile(rf"^(.{{2,}}?)(?:{'|'.join(_SUFFIXES)})$")
_AUTONOMOUS = re.compile(rf"^(.{{2,}}?)(?:(?:{_ETHNIC})族?)+自治([州县旗])$")
#: what portals and link texts add to a unit's name: 海林市人民政府, 海林市政府门户网站
_ORGAN_TAIL = re.compile(r"(人民政府|政府|办事处|行政公署|门户网站|网站|官网|门户)+$")


def short_name(name: str) -> str:
    """``海林市`` → ``海林``: the name people write without the unit type."""
    m = _AUTONOMOUS.match(name) or _SUFFIX.match(name)
    return m.group(1) if m else name


def clean_name(text: str) -> str:
    """A name as written on a page, without blanks and organ words (海林市人民政府 → 海林市)."""
    key = re.sub(r"[\s\u3000]+", "", text or "")
    return _ORGAN_TAIL.sub("", key) or key


def government_organ(name: str, level: str) -> str:
    """The body that publishes a region's own report: ``海林市`` → ``海林市人民政府``."""
    if level in ("province", "prefecture", "county") and not name.endswith(
        ("人民政府", "政府", "行政公署")
    ):
        return name + ("行政公署" if name.endswith("地区") else "人民政府")
    return name
