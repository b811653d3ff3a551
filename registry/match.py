"""Which government a link on a portal names: by name, within the parent whose page linked it.

Portals link their subordinate governments by name, often a short one
(``海林``), with the organ word (``海林市人民政府``), or under the name of a
unit merged away years ago.  The same name exists under several parents
(向阳区 in 鹤岗 and in 佳木斯), so a name is only placed among the units under
the parent whose page carried the link; a name that still means several units
there is ambiguous and placed nowhere.  Sites of other bodies (县委, 人大,
法院, 融媒体中心, 政务服务网 …) are rejected by their words, whatever code their
footer carries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from registry.name_forms import clean_name, short_name
from registry.regions import Region, children, get, successor

#: words that make a link (or a site title) another body's, not the government's portal
DECOYS = (
    "党委",
    "县委",
    "市委",
    "区委",
    "州委",
    "旗委",
    "省委",
    "中共",
    "纪委",
    "监委",
    "纪检",
    "人大",
    "政协",
    "法院",
    "检察院",
    "公安",
    "融媒",
    "新闻网",
    "电视台",
    "广播",
    "日报",
    "政务服务",
    "公共资源",
    "信用",
    "团委",
    "妇联",
    "总工会",
    "统计局",
    "部",
    "局",
    "厅",
    "委员会",
    "中心",
    "学校",
    "大学",
    "医院",
    "银行",
)
#: link texts of pages that list the governments below (followed on the same site)
LIST_WORDS = re.compile(
    r"市县|县市|市州|县区|区县|地市|市（州）|市\(州\)|政府网站|网站群|友情链接|地方政府|各地|"
    r"下级|区县市|县（市、区）|县\(市、区\)|市、县"
)
#: URL parts of other bodies' sites (政务服务网, courts, procuratorates, media centres)
DECOY_HOST = re.compile(r"^(zwfw|zwfww|court|jcy|rmt|rmtzx|gaj|rmfy)\.")
#: the other bodies a site title may name (a portal's title says 人民政府, these say who else)
TITLE_DECOYS = DECOYS[: DECOYS.index("团委")]


@dataclass(frozen=True)
class Match:
    """``region`` when certain; else ``candidates`` (several) or nothing (not a unit)."""

    region: Region | None = None
    candidates: tuple[str, ...] = ()
    by_former_name: bool = False
    rejected: str | None = None
    under: tuple[str, ...] = field(default=(), repr=False)


def is_decoy(text: str, url: str = "") -> str | None:
    """The word that shows a link or site title is not a government's own portal."""
    for word in DECOYS:
        if word in text:
            return word
    host = re.sub(r"^https?://", "", url).split("/")[0].lower()
    m = DECOY_HOST.search(host)
    return m.group(1) if m else None


def is_decoy_title(title: str) -> str | None:
    """The body a fetched site's title names when it is not a government portal."""
    return next((word for word in TITLE_DECOYS if word in title), None)


def is_list_link(text: str) -> bool:
    return bool(LIST_WORDS.search(re.sub(r"\s+", "", text)))


def _names(region: Region) -> set[str]:
    names = {region.name, short_name(region.name)}
    for former in region.former_names:
        names |= {former, short_name(former)}
    if region.name.endswith("自治县"):
        names.add(short_name(region.name) + "县")
    return names


def _below(parent_code: str, depth: int) -> list[Region]:
    """Units up to ``depth`` levels under a parent (townships left out)."""
    out: list[Region] = []
    frontier = [parent_code]
    for _ in range(depth):
        nxt = [r for code in frontier for r in children(code) if r.level != "township"]
        out.extend(nxt)
        frontier = [r.code for r in nxt]
    return out


def match_link(text: str, parent_code: str, url: str = "") -> Match:
    """Place a link text among the units under ``parent_code`` (children first, then theirs)."""
    decoy = is_decoy(text, url)
    if decoy:
        return Match(rejected=decoy)
    name = clean_name(text)
    parent = get(parent_code)
    if not name or parent is None or len(name) > 30:
        return Match()
    # a qualified name (黑龙江省鹤岗市向阳区) is cut to the part below the parent
    for ancestor in (parent.name, short_name(parent.name)):
        if name.startswith(ancestor) and len(name) > len(ancestor) + 1:
            name = name[len(ancestor) :]
            break
    if name in _names(parent):
        return Match()  # the parent's own link
    for depth in (1, 2):
        pool = [r for r in _below(parent_code, depth) if name in _names(r)]
        if not pool:
            pool = [r for r in _below(parent_code, depth) if _qualified(name, r)]
        if not pool:
            continue
        current = [r for r in pool if r.current and not _former(name, r)]
        chosen = current or pool
        codes = sorted({successor(r).code for r in chosen})
        if len(codes) == 1:
            return Match(region=successor(chosen[0]), by_former_name=not current)
        return Match(candidates=tuple(codes))
    return Match()


def _former(name: str, region: Region) -> bool:
    """Whether ``name`` is one the unit had before (its code kept, its name changed)."""
    olds = {n for f in region.former_names for n in (f, short_name(f))}
    return name in olds or any(name.endswith(o) for o in olds if len(o) > 1)


def _qualified(name: str, region: Region) -> bool:
    """``鹤岗向阳区``, ``鹤岗市向阳区``: the unit's name preceded by its parent's."""
    parent = get(region.parent_code or "")
    if parent is None:
        return False
    for p in (parent.name, short_name(parent.name)):
        for n in _names(region):
            if name == p + n:
                return True
    return False


def expected_below(parent_code: str) -> list[Region]:
    """The current prefecture- and county-level units under a province that publish reports."""
    return [
        r
        for r in _below(parent_code, 2)
        if r.current and r.own_report and r.level in ("prefecture", "county")
    ]
