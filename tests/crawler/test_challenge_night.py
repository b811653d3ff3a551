"""A challenge is asked for once: the render runs the plain answer's script, and only its reload goes out.

Night 1 meets a 加速乐 (521) portal's challenge on a plain request, passes it
with one render, whose navigation is given that answer (the challenge's
cookie with it: the fixture's script cookie passes only with the one the
answer set), and keeps, with the portal's starting pages, that it challenges.
Night 2 starts in a new process with an empty cookie jar, as every crawl does:
its robots.txt is the challenge archived the night before (which allowed
everything), its first request goes out plainly while the browser starts and
is the only one the portal answers with a challenge; the browser's reload is
answered with the page, which is archived and read, not asked for again, and
the crawl goes on plainly with the earned cookie and raises no alert.  On the
portal's navigation night its home page and its kept list start together: one
of them is rendered, the other waits for the cookie and goes out plainly.  The
browser's driver keeps its compiled scripts in the user's cache folder.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from datetime import date, timedelta
from typing import Any

import pytest

from crawler.night_walk import portal_night
from nianbao.demo.server import PortalServers
from tests.conftest import Workspace
from tests.crawler.night_runs import D0, alerts, night
from tests.crawler.quiet_nights import own_night, paths
from tests.portals import Portal
from tests.portals.scripted import Challenge, challenge_portal

LIST = "/zwgk/nb/index.html"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian chromium is not installed"),
]


def two_nights(
    ws: Workspace, status: int, day: date, compress: bool = False
) -> tuple[Portal, dict[str, Any], dict[str, Any], tuple[int, int], list[str]]:
    """A challenged portal crawled on D0, then on ``day``: the portal, both summaries,
    the challenges it answered each night, and the paths it answered on ``day``."""
    portal = challenge_portal("230110", "香坊区", status=status, uses=50, compress=compress)
    guard = portal.site.guard
    assert isinstance(guard, Challenge)
    with PortalServers({"127.0.0.25": portal.site}) as servers:
        home = servers.url("127.0.0.25", "/index.html")
        seeds = str(ws.seeds([("230110", "香坊区", "county", "230100", home)]))
        first = night(ws, seeds, D0)
        before, log = guard.challenges, len(servers.servers["127.0.0.25"].log)
        second = night(ws, seeds, day)
        tonight = paths(servers.servers["127.0.0.25"].log[log:])
    return portal, first, second, (before, guard.challenges - before), tonight


@pytest.mark.parametrize(
    ("status", "compress"),
    [(521, False), (412, True)],  # 瑞数 behind a server that gzips its challenge too
)
def test_a_challenge_is_asked_for_once_and_its_page_once(
    workspace: Workspace, status: int, compress: bool
) -> None:
    workspace.env["XDG_CACHE_HOME"] = str(workspace.root / "cache")
    portal, first, second, challenges, tonight = two_nights(
        workspace, status, D0 + timedelta(days=1), compress
    )
    # the browser's driver kept its compiled scripts for the next crawl process
    assert any((workspace.root / "cache" / "nianbao" / "node-compile-cache").iterdir())
    site = first["sites"]["230110"]
    assert site["reports"] == len(portal.reports) and not site["failures"], site
    # robots.txt and the first plain request were challenged; the render's navigation
    # was given that answer (inflated, when it came gzipped), not asked again
    assert challenges[0] == 2
    site = second["sites"]["230110"]
    assert not site["failures"] and site["rendered"] >= 1, site
    # the first plain request only: the cookie the list's render earned serves the
    # reports beside the list's folder too (kept with its path, not the list's folder's)
    assert challenges[1] == 1, tonight
    assert alerts(workspace, second["crawl_id"]) == []
    # the list asked twice: the challenge, then the browser's reload, whose page is the
    # one archived as sent (not the render's DOM under the challenge's status)
    assert tonight.count(LIST) == 2, tonight
    con = sqlite3.connect(workspace.db_file)
    kept = con.execute(
        "select status, sha256 from captures where url like ? and crawl_id = ? order by id",
        (f"%{LIST}", second["crawl_id"]),
    ).fetchall()
    assert [code for code, _ in kept] == [status, 200], kept
    assert kept[1][1] == hashlib.sha256(portal.site.files[LIST][1]).hexdigest()
    verify = workspace.run("verify", "--format", "json")
    assert verify.returncode == 0, verify.stdout


def test_one_render_for_the_home_page_and_the_list_on_the_navigation_night(
    workspace: Workspace,
) -> None:
    _, _, nav, challenges, tonight = two_nights(
        workspace, 412, own_night(D0, portal_night("230110"))
    )
    site = nav["sites"]["230110"]
    assert not site["failures"] and site["rendered"] == 1, site
    assert challenges[1] == 1, tonight
    assert tonight.count(LIST) == 1, tonight  # waited, went out plainly
    assert "/zwgk/index.html" in tonight, tonight  # the walk from the home page
    assert alerts(workspace, nav["crawl_id"]) == []
