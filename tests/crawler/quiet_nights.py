"""The portal the quiet-night tests crawl, the calendar of its nights, and what a night did.

A TRS portal (``make_portal``: home → 政务公开 → 年报 column, five list
pages of six) under the county code ``CODE``; the nights that are not the
portal's own nights of the week (``quiet_days``) and its navigation or
deep-list night after a date (``own_night``); the paths a server's log
shows, and the statuses of the reports recorded.  Shared by the tests of
quiet nights, of their list calls and deals, and of challenge nights.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from crawler.night_walk import deep_night, portal_night
from crawler.recheck_schedule import WEEK
from nianbao.demo.server import PortalServers
from tests.conftest import Workspace
from tests.crawler.night_runs import move_counters
from tests.portals import Portal
from tests.portals.plain import trs_portal

CODE = "231083"
COLUMN = "/zwgk/xxgknb/"
NAV = ("/index.html", "/zwgk/index.html")


def make_portal() -> Portal:
    # 6 years of the government's and two departments' reports, 6 to a list page: 5 pages
    portal = trs_portal(CODE, "海林市", years=range(2017, 2023), per=6, decoys=1)
    move_counters(portal.site, 1)
    return portal


def quiet_days(after: date, count: int) -> list[date]:
    """The next nights that are neither of the portal's own nights of the week."""
    days = (after + timedelta(days=k) for k in range(1, 3 * WEEK))
    own = (portal_night(CODE), deep_night(CODE))
    return [d for d in days if d.toordinal() % WEEK not in own][:count]


def own_night(after: date, night: int) -> date:
    """The first night after ``after`` that is the portal's ``night`` of the week."""
    return next(
        after + timedelta(days=k)
        for k in range(1, WEEK + 1)
        if (after + timedelta(days=k)).toordinal() % WEEK == night
    )


def seeds_for(ws: Workspace, servers: PortalServers) -> str:
    url = servers.url("127.0.0.1", "/index.html")
    return str(ws.seeds([(CODE, "海林市", "county", "231000", url)]))


def paths(log: list[str]) -> list[str]:
    return [line.split(" ", 1)[1] for line in log]


def statuses(ws: Workspace) -> list[str]:
    con = sqlite3.connect(ws.db_file)
    return sorted({s for (s,) in con.execute("select status from reports")})
