"""Portals that need the browser, crawled together with one that does not.

A JS-built list (its API URL computed in script) is rendered once and its
links followed plainly; a home page whose menu comes from a URL its script
assembles is rendered once, and so is a list POSTed with a value only its
script computes, whose logged POST is then replayed plainly for the later
pages; a 加速乐 (521) and a 瑞数 (412) portal are passed by
one render each and then crawled with plain requests carrying the earned
cookie, rendering again only when the cookie wears out.  The TRS portal in
the same crawl renders nothing.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3

import pytest

from tests.crawler.platform_crawls import assert_found_exactly, crawl_portals
from tests.portals import Portal
from tests.portals.plain import trs_portal
from tests.portals.posted import signed_portal
from tests.portals.scripted import Challenge, challenge_portal, jsbuilt_portal, tokened_portal

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian chromium is not installed"),
]


def portals() -> dict[str, Portal]:
    return {
        "127.0.0.21": trs_portal("230103", "南岗区", years=range(2021, 2023)),
        "127.0.0.24": jsbuilt_portal("230108", "平房区"),
        "127.0.0.25": challenge_portal("230110", "香坊区", status=521),
        # its challenge page compressed: recognised after decompression
        "127.0.0.27": challenge_portal("230109", "松北区", status=412, uses=9, compress=True),
        "127.0.0.34": signed_portal("440607", "高明区"),
        # its list call answers an empty list without the cookie its script sets
        "127.0.0.35": tokened_portal("230111", "呼兰区"),
    }


@pytest.fixture(scope="module")
def browser_crawl(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    yield from crawl_portals(tmp_path_factory.mktemp("browser"), portals())


@pytest.mark.parametrize("addr", list(portals()))
def test_reports_found_exactly_with_the_browser_only_where_needed(browser_crawl, addr: str) -> None:  # type: ignore[no-untyped-def]
    ws, servers, ps, summary = browser_crawl
    p = ps[addr]
    site = summary["sites"][p.code]
    assert site["failures"] == [], site
    assert site["reports"] == len(p.reports) and site["attachments"] == len(p.attachments), site
    assert_found_exactly(ws, servers, addr, p)
    if not p.needs_browser:
        assert site["rendered"] == 0, site
    elif isinstance(p.site.guard, Challenge):
        guard = p.site.guard
        # one render per challenge; plain requests did the rest of the crawl
        log = servers.servers[addr].log
        assert 1 <= site["rendered"] <= 1 + site["pages"] // guard.uses, (site, log)
        # each render answered one challenge, its plain request's (its navigation was given
        # that answer, and its reload passed), and at most one other request in flight to
        # the host when the cookie wore out met it too (CONCURRENT_REQUESTS_PER_DOMAIN 2),
        # which waited for that render rather than render again (robots.txt aside)
        assert guard.challenges <= 1 + 2 * site["rendered"], (site, log)
        if guard.uses + 1 < site["pages"]:  # the cookie wore out: the browser passed it again
            assert site["rendered"] >= 2, (site, log)
    elif addr == "127.0.0.34":  # the home page and the list page, once each
        assert site["rendered"] == 2, site
        asked = sorted(int(form["pageNo"][0]) for form in p.state.asked if "sign" in form)
        assert asked[-3:] == [1, 2, 3], p.state.asked  # pages 2 and 3 by the replayed POST
    else:
        assert site["rendered"] == 1, site  # the list page alone


def test_challenges_are_archived(browser_crawl) -> None:  # type: ignore[no-untyped-def]
    ws, _, _, _ = browser_crawl
    con = sqlite3.connect(ws.db_file)
    statuses = {s for (s,) in con.execute("select distinct status from captures")}
    assert {521, 412} <= statuses, statuses


def page_asked_once_and_archived_as_sent(browser_crawl, addr: str, path: str) -> sqlite3.Connection:  # type: ignore[no-untyped-def]
    """The page the browser built a list on was asked for once, and the archive holds it
    as the portal sent it (its render was given that answer), not the browser's DOM."""
    ws, servers, ps, _ = browser_crawl
    assert servers.servers[addr].log.count(f"GET {path}") == 1
    con = sqlite3.connect(ws.db_file)
    kept = con.execute(
        "select status, sha256 from captures where url like ?", (f"%{addr}%{path}",)
    ).fetchall()
    sent = ps[addr].site.files[path][1]
    assert kept == [(200, hashlib.sha256(sent).hexdigest())], kept
    return con


def test_a_script_built_list_is_asked_for_and_archived_once(browser_crawl) -> None:  # type: ignore[no-untyped-def]
    """The render of a list read plainly first is given that answer: the portal answers
    the page once, and the archive holds its bytes as sent, not the browser's DOM; the
    list call the page's script made is answered once too."""
    con = page_asked_once_and_archived_as_sent(browser_crawl, "127.0.0.24", "/gkmlpt/nb/index.html")
    # the list call its script made is replayed plainly from the browser's answer: the
    # portal answers it once, and the archive holds that answer
    call = "/gkmlpt/api/all/3021?page=1&sid=S714"
    assert browser_crawl[1].servers["127.0.0.24"].log.count(f"GET {call}") == 1
    calls = con.execute(
        "select status, count(*) from captures where url like ? group by status",
        (f"%127.0.0.24%{call}",),
    ).fetchall()
    assert calls == [(200, 1)], calls


def test_a_list_its_call_answered_empty_is_built_from_the_page_read_plainly(browser_crawl) -> None:  # type: ignore[no-untyped-def]
    """A list call asked plainly answered an empty list (it wants the cookie the page's
    script sets): the browser builds the list from the page as it was read plainly."""
    con = page_asked_once_and_archived_as_sent(browser_crawl, "127.0.0.35", "/zwgk/nb/index.html")
    # the call's answer the list was built from is archived beside the empty one (the
    # browser's, replayed: the portal answered the call once plainly and once to it)
    call = "/api/nb/list?catid=ndbg&page=1"
    assert browser_crawl[1].servers["127.0.0.35"].log.count(f"GET {call}") == 2
    sizes = con.execute(
        "select size from captures where url like ? and status = 200", (f"%127.0.0.35%{call}",)
    ).fetchall()
    assert len(sizes) == 2 and min(sizes) < max(sizes), sizes
