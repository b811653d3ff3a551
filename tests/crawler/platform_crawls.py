"""One crawl of fixture portals through the real CLI, and the check that it found exactly the truth.

Shared by the platform tests (plain, rendered, in-script lists) and the hostile
portal tests: each portal on its own loopback address, one ``nianbao crawl`` over
them all, then per portal the reports the lookup finds compared with the ones
the portal was built with (organ and year, and every source URL).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nianbao.demo.server import PortalServers
from tests.conftest import Workspace, make_workspace
from tests.portals import Portal


def seed_rows(portals: dict[str, Portal], servers: PortalServers) -> list[tuple[str, ...]]:
    return [
        (p.code, p.name, "county", p.code[:4] + "00", servers.url(addr, p.start))
        for addr, p in portals.items()
    ]


def assert_found_exactly(ws: Workspace, servers: PortalServers, addr: str, p: Portal) -> None:
    """The region's reports are the truth: same (organ, year) set, sources = reports + attachments."""
    got: dict[str, Any] = ws.run("lookup", "region", p.code, "--format", "json").json()
    found = {(r["organ"], r["year"]) for r in got["reports"]}
    assert found == set(p.reports.values()), (addr, found ^ set(p.reports.values()))
    sources = {u for r in got["reports"] for u in r["sources"]}
    expected = {servers.url(addr, path) for path in (*p.reports, *p.attachments)}
    assert sources == expected, (addr, sources ^ expected)


def crawl_portals(root: Path, portals: dict[str, Portal], *args: str):  # type: ignore[no-untyped-def]
    """Serve ``portals`` on their addresses, crawl them once (``args``: more of the crawl's
    options); yield what the tests read."""
    ws = make_workspace(root)
    with PortalServers({a: p.site for a, p in portals.items()}) as servers:
        seeds = ws.seeds(seed_rows(portals, servers))
        run = ws.run("crawl", "--seeds", str(seeds), "--format", "json", *args)
        assert run.returncode == 0, run.stderr
        yield ws, servers, portals, run.json()
