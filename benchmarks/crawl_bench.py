"""Crawl benchmark: 50 generated portals of mixed platforms on loopback addresses.

Builds portals from the test fixtures (TRS WCM, Hanweb jcms, xxgk JSON API,
old GBK sites, JS-built lists, 加速乐/瑞数 challenges), serves each on its own
127.0.0.x address, crawls them all in one pass through the real ``nianbao
crawl`` command, and prints pages/s, the share of the crawl's time spent in
the browser, and per-host politeness as the servers saw it: the most
requests any one host was answering at once must not exceed
CONCURRENT_REQUESTS_PER_DOMAIN.  It also checks every portal's report and
attachment counts against the truth.

    .venv/bin/python benchmarks/crawl_bench.py [--portals 50] [--render auto|never]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crawler import settings as crawl_settings  # noqa: E402
from nianbao.demo.server import PortalServers  # noqa: E402
from registry.regions import load_registry  # noqa: E402
from tests.portals import Portal  # noqa: E402
from tests.portals.plain import gbk_portal, hanweb_portal, trs_portal, xxgk_portal  # noqa: E402
from tests.portals.scripted import challenge_portal, jsbuilt_portal  # noqa: E402

#: platform mix, repeated: mostly plain lists, as on real portals
MIX = ["trs", "hanweb", "xxgk", "trs", "gbk", "hanweb", "jsbuilt", "trs", "challenge", "xxgk"]
FIRST_ADDRESS = 101


def build(kind: str, code: str, name: str) -> Portal:
    if kind == "trs":
        return trs_portal(code, name)
    if kind == "hanweb":
        return hanweb_portal(code, name)
    if kind == "xxgk":
        return xxgk_portal(code, name)
    if kind == "gbk":
        return gbk_portal(code, name)
    if kind == "jsbuilt":
        return jsbuilt_portal(code, name)
    return challenge_portal(code, name, status=521 if int(code) % 2 else 412)


def portals(count: int) -> dict[str, tuple[str, str, Portal]]:
    """address → (platform, parent code, portal), on distinct county-level regions."""
    counties = [r for r in load_registry() if r.level == "county" and r.current][:count]
    if len(counties) < count:
        raise SystemExit(f"the registry has only {len(counties)} current counties")
    out = {}
    for i, region in enumerate(counties):
        kind = MIX[i % len(MIX)]
        address = f"127.0.0.{FIRST_ADDRESS + i}"
        out[address] = (kind, region.parent_code or "", build(kind, region.code, region.name))
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--portals", type=int, default=50)
    ap.add_argument("--render", default="auto", choices=["auto", "never"])
    args = ap.parse_args()
    ps = portals(args.portals)
    nianbao = str(Path(sys.executable).parent / "nianbao")
    with (
        tempfile.TemporaryDirectory() as tmp,
        PortalServers({a: p.site for a, (_, _, p) in ps.items()}) as servers,
    ):
        seeds = Path(tmp) / "seeds.csv"
        rows = ["code,name,level,parent_code,url"] + [
            f"{p.code},{p.name},county,{parent},{servers.url(a, p.start)}"
            for a, (_, parent, p) in ps.items()
        ]
        seeds.write_text("\n".join(rows) + "\n", encoding="utf-8")
        env = dict(os.environ, NIANBAO_DB=f"sqlite:///{tmp}/bench.db")
        env["NIANBAO_ARCHIVE"] = f"{tmp}/archive"
        started = time.monotonic()
        proc = subprocess.run(
            [nianbao, "crawl", "--seeds", str(seeds), "--render", args.render, "--format", "json"],
            env=env,
            cwd=tmp,
            capture_output=True,
            text=True,
        )
        wall = time.monotonic() - started
        if proc.returncode != 0:
            print(proc.stderr[-3000:], file=sys.stderr)
            print(f"the crawl exited with status {proc.returncode}", file=sys.stderr)
            return 1
        summary = json.loads(proc.stdout)
        most = {a: servers.servers[a].max_active for a in ps}
    return report(summary, ps, most, wall)


def report(summary: dict, ps: dict, most: dict[str, int], wall: float) -> int:  # type: ignore[type-arg]
    totals, sites = summary["totals"], summary["sites"]
    limit = crawl_settings.CONCURRENT_REQUESTS_PER_DOMAIN
    wrong = []
    for address, (kind, _, p) in ps.items():
        site = sites[p.code]
        got = (site["reports"], site["attachments"], len(site["failures"]))
        if got != (len(p.reports), len(p.attachments), 0):
            wrong.append(f"{address} {kind} {p.name}: got {got}, want {len(p.reports)} reports")
        if not p.needs_browser and site["rendered"]:
            wrong.append(f"{address} {kind}: {site['rendered']} pages rendered, none needed")
    by_kind: dict[str, int] = {}
    for kind, _, _ in ps.values():
        by_kind[kind] = by_kind.get(kind, 0) + 1
    print(
        f"portals          {len(ps)}  ({', '.join(f'{k} {n}' for k, n in sorted(by_kind.items()))})"
    )
    print(f"wall time        {wall:.1f} s")
    print(f"pages            {totals['pages']}  ({totals['pages'] / wall:.1f} pages/s)")
    print(f"rendered pages   {totals['rendered']}")
    browser, fetching = totals.get("browser_seconds", 0.0), totals.get("download_seconds", 0.0)
    share = 100 * browser / fetching if fetching else 0.0
    print(f"browser time     {browser:.1f} s of {fetching:.1f} s spent fetching ({share:.1f}%)")
    print(
        f"reports          {totals['reports']}  (expected {sum(len(p.reports) for _, _, p in ps.values())})"
    )
    print(f"attachments      {totals['attachments']}")
    print(
        f"politeness       max concurrent requests per host {max(most.values())} "
        f"(limit CONCURRENT_REQUESTS_PER_DOMAIN = {limit})"
    )
    for line in wrong:
        print("WRONG", line)
    ok = max(most.values()) <= limit and not wrong
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
