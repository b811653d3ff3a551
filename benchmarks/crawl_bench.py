"""Crawl benchmark: 50 generated portals of mixed platforms on loopback addresses.

Builds portals from the test fixtures (TRS WCM, Hanweb jcms, xxgk JSON API,
old GBK sites, JS-built lists, 加速乐/瑞数 challenges), serves each on its own
127.0.0.x address, crawls them all in one pass through the real ``nianbao
crawl`` command, and prints pages/s, the share of the crawl's time spent in
the browser, and per-host politeness as the servers saw it: the most
requests any one host was answering at once must not exceed
CONCURRENT_REQUESTS_PER_DOMAIN.  It also checks every portal's report and
attachment counts against the truth.

Then it crawls the same portals a second night (the schedule's clock one day
on, every page's visit counter moved, nothing else changed) and prints the
requests the servers answered and the wall time of both nights, and each
night's busiest portal (a night lasts at least as long as its requests one
DOWNLOAD_DELAY apart; the rest is the process's start and the browser's): the nightly
schedule starts at the 年报 lists found the night before, reads their first
pages, and fetches only the known documents due tonight; a portal on its own
night of the week is walked whole from its home page.  ``--nights 9`` goes on
for a week of quiet nights, each night's captures dated by the schedule's clock
(as nights a day apart would date them), and prints the cheapest and the
dearest night and the busiest portal's requests on any night.

    .venv/bin/python benchmarks/crawl_bench.py [--portals 50] [--render auto|never] [--nights 2] [--years 3]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nights import date_captures, move_counters  # noqa: E402  (benchmarks/ is on sys.path)

from crawler import settings as crawl_settings  # noqa: E402
from nianbao.demo.server import PortalServers  # noqa: E402
from registry.regions import load_registry  # noqa: E402
from registry.seeds import SEEDS_HEADER  # noqa: E402
from tests.portals import Portal  # noqa: E402
from tests.portals.mixed import build  # noqa: E402

#: platform mix, repeated: mostly plain lists, as on real portals
MIX = ["trs", "hanweb", "xxgk", "trs", "gbk", "hanweb", "jsbuilt", "trs", "challenge", "xxgk"]
FIRST_ADDRESS = 101


def portals(count: int, years: int = 3) -> dict[str, tuple[str, str, Portal]]:
    """address → (platform, parent code, portal), on distinct county-level regions."""
    counties = [r for r in load_registry() if r.level == "county" and r.current][:count]
    if len(counties) < count:
        raise SystemExit(f"the registry has only {len(counties)} current counties")
    out = {}
    for i, region in enumerate(counties):
        kind = MIX[i % len(MIX)]
        address = f"127.0.0.{FIRST_ADDRESS + i}"
        out[address] = (
            kind,
            region.parent_code or "",
            build(kind, region.code, region.name, range(2023 - years, 2023)),
        )
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--portals", type=int, default=50)
    ap.add_argument("--render", default="auto", choices=["auto", "never"])
    ap.add_argument("--nights", type=int, default=2, choices=range(1, 16))
    ap.add_argument("--years", type=int, default=3, help="years of reports on each portal")
    args = ap.parse_args()
    ps = portals(args.portals, args.years)
    nianbao = str(Path(sys.executable).parent / "nianbao")
    with (
        tempfile.TemporaryDirectory() as tmp,
        PortalServers({a: p.site for a, (_, _, p) in ps.items()}) as servers,
    ):
        seeds = Path(tmp) / "seeds.csv"
        rows = [",".join(SEEDS_HEADER)] + [
            f"{p.code},{p.name},county,{parent},{servers.url(a, p.start)}"
            for a, (_, parent, p) in ps.items()
        ]
        seeds.write_text("\n".join(rows) + "\n", encoding="utf-8")
        env = dict(os.environ, NIANBAO_DB=f"sqlite:///{tmp}/bench.db")
        env["NIANBAO_ARCHIVE"] = f"{tmp}/archive"
        today = datetime.now(UTC).date()
        cmd = [nianbao, "crawl", "--seeds", str(seeds), "--render", args.render]
        nights: list[tuple[int, float, dict]] = []  # type: ignore[type-arg]
        robots: list[int] = []
        busiest: list[int] = []
        #: seconds from the night's first answered request to its last
        spans: list[float] = []
        for n in range(args.nights):
            if n:
                move_counters(ps, n)
            env["NIANBAO_SCHEDULE_DATE"] = (today + timedelta(days=n)).isoformat()
            before = {a: len(servers.servers[a].log) for a in ps}
            sent = sum(before.values())
            started = time.monotonic()
            proc = subprocess.run(
                [*cmd, "--format", "json"], env=env, cwd=tmp, capture_output=True, text=True
            )
            wall = time.monotonic() - started
            if proc.returncode != 0:
                print(proc.stderr[-3000:], file=sys.stderr)
                print(
                    f"night {n + 1}: the crawl exited with status {proc.returncode}",
                    file=sys.stderr,
                )
                return 1
            requests = sum(len(servers.servers[a].log) for a in ps) - sent
            robots.append(
                sum(
                    line.endswith("/robots.txt")
                    for a in ps
                    for line in servers.servers[a].log[before[a] :]
                )
            )
            nights.append((requests, wall, json.loads(proc.stdout)))
            busiest.append(max(len(servers.servers[a].log) - before[a] for a in ps))
            answered = [t for a in ps for t in servers.servers[a].answered_at[before[a] :]]
            spans.append(max(answered) - min(answered))
            if n:
                date_captures(env["NIANBAO_DB"], nights[-1][2]["crawl_id"], n)
        most = {a: servers.servers[a].max_active for a in ps}
    status = report(nights[0][2], ps, most, nights[0][1])
    status = report_nights(nights[:2], robots, busiest, spans) or status
    if len(nights) > 2:
        quiet = [r for r, _, _ in nights[1:]]
        print(
            f"quiet nights     {len(quiet)}: {min(quiet)}–{max(quiet)} requests"
            f" ({100 * min(quiet) / nights[0][0]:.1f}–{100 * max(quiet) / nights[0][0]:.1f}%),"
            f" {min(w for _, w, _ in nights[1:]):.1f}–{max(w for _, w, _ in nights[1:]):.1f} s,"
            f" the busiest portal {min(busiest[1:])}–{max(busiest[1:])} requests a night"
        )
    print("OK" if status == 0 else "FAILED")
    return status


def report_nights(
    nights: list[tuple[int, float, dict]],  # type: ignore[type-arg]
    robots: list[int],
    busiest: list[int],
    spans: list[float],
) -> int:
    """Requests and time of each night; a quiet second night raises no alert.  A night lasts
    at least as long as its busiest portal's requests one DOWNLOAD_DELAY apart, plus what
    no request is answered in: the process's start before the first, its end after the
    last (the span between them is printed too)."""
    delay = crawl_settings.DOWNLOAD_DELAY
    for n, (requests, wall, summary) in enumerate(nights, 1):
        totals = summary["totals"]
        print(
            f"night {n}          {requests} requests, {wall:.1f} s"
            f"  (skipped_known {totals.get('skipped_known', 0)}, due {totals.get('due_known', 0)},"
            f" changed entries {totals.get('changed_entries', 0)})"
        )
        print(
            f"                 started at the known lists on {totals.get('started_at_lists', 0)}"
            f" of {len(summary['sites'])} portals, further list pages held back"
            f" {totals.get('skipped_lists', 0)}, navigation skipped {totals.get('skipped_nav', 0)},"
            f" starting pages failed {totals.get('lists_moved', 0)},"
            f" robots.txt fetched {robots[n - 1]}, the busiest portal {busiest[n - 1]} requests"
            f" ({(busiest[n - 1] - 1) * delay:.1f} s of politeness),"
            f" {spans[n - 1]:.1f} s from the first answer to the last"
        )
    if len(nights) < 2:
        return 0
    (r1, w1, _), (r2, w2, second) = nights
    p1, p2 = ((b - 1) * delay for b in busiest[:2])
    print(
        f"night 2 / 1      {100 * r2 / r1:.1f}% of the requests, {100 * w2 / w1:.1f}% of the time"
        f" (the busiest portals' politeness alone {100 * p2 / p1:.1f}%,"
        f" first answer to last {100 * spans[1] / spans[0]:.1f}%)"
    )
    changed = {k: second["totals"].get(k, 0) for k in ("new", "revised", "withdrawn")}
    if any(changed.values()):
        print(f"WRONG a quiet night raised alerts: {changed}")
        return 1
    return 0


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
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
