"""``nianbao reindex``: with the database lost, the WARC files alone give back every capture.

Reports and versions come back too: ``lookup region`` answers as before.

After a crawl (two on the folder backend, so revisits and ``changed`` flags are
there too), the database is deleted and one blob with it; ``reindex`` must make
``nianbao lookup url`` answer exactly as before for every captured URL, restore
the blob from its WARC record, and change nothing when run again.
"""

from __future__ import annotations

import sqlite3

from archive.archive import blob_key
from archive.db import open_database
from archive.lookup import captures_for_url
from nianbao.demo.hailin_portal import hailin_site
from nianbao.demo.night2 import second_night
from nianbao.demo.server import PortalServers
from tests.archive.tamper import remove
from tests.conftest import Workspace


def lookups(ws: Workspace, urls: list[str]) -> dict[str, object]:
    """``lookup url`` by the CLI for the report page and its PDF, in-process for every URL."""
    out: dict[str, object] = {}
    for url in urls:
        if url.endswith((".pdf", "t20210201_1001.html")):
            run = ws.run("lookup", "url", url, "--format", "json")
            assert run.returncode == 0, run.stderr
            out[f"cli {url}"] = run.json()
    sessions = open_database(f"sqlite:///{ws.db_file}")
    with sessions() as session:
        for url in urls:
            out[url] = captures_for_url(session, url, ws.open_archive())
    sessions.kw["bind"].dispose()  # closed, so the test can delete the database file
    return out


def without_ids(found: object) -> object:
    """A lookup's answer without the database's own row numbers of reports and versions.

    Captures come back with their numbers (their rows are made in WARC order); reports
    and versions are made again in the order their captures were fetched, which can
    differ from the order a crawl's concurrent downloads had them ingested.  Everything
    else must be equal: statuses, sources, every version's hash, sightings and parse.
    """
    if isinstance(found, dict):
        return {k: without_ids(v) for k, v in found.items() if k not in ("report_id", "version_id")}
    if isinstance(found, list):
        return [without_ids(v) for v in found]
    return found


def test_reindex_rebuilds_the_capture_index_from_warc_files(
    any_workspace: Workspace, demo_portal: PortalServers
) -> None:
    ws = any_workspace
    seeds = ws.seeds(
        [("231083", "海林市", "county", "231000", demo_portal.url("127.0.0.1", "/index.html"))]
    )
    for _ in range(1 if ws.s3 else 2):
        assert ws.run("crawl", "--seeds", str(seeds)).returncode == 0
    con = sqlite3.connect(ws.db_file)
    urls = [u for (u,) in con.execute("select distinct url from captures order by url")]
    kinds = {k for (k,) in con.execute("select distinct warc_type from captures")}
    lost_blob = con.execute(
        "select sha256 from captures where warc_type = 'response' and url like '%.pdf'"
    ).fetchone()[0]
    con.close()
    assert len(urls) >= 8 and kinds == ({"response"} if ws.s3 else {"response", "revisit"})
    before = lookups(ws, urls)
    region_before = ws.run("lookup", "region", "海林市", "--format", "json")
    assert region_before.returncode == 0 and region_before.json()["reports"], region_before.stderr

    ws.db_file.unlink()
    remove(ws, blob_key(lost_blob))
    assert ws.run("verify", "--format", "json").returncode == 1
    run = ws.run("reindex", "--format", "json")
    assert run.returncode == 0, run.stdout + run.stderr
    done = run.json()
    assert done["ok"] and done["blobs_restored"] == 1 and done["captures_known"] == 0, done
    assert done["captures_added"] == sum(len(before[u]) for u in urls)  # type: ignore[arg-type]

    assert lookups(ws, urls) == before
    # the reports, their versions and parses come back from the facts the crawl archived
    assert done["reports"]["new"] == len(region_before.json()["reports"]), done
    region_after = ws.run("lookup", "region", "海林市", "--format", "json")
    assert without_ids(region_after.json()) == without_ids(region_before.json())
    assert ws.open_archive().has_blob(lost_blob)
    again = ws.run("reindex", "--format", "json").json()
    assert again["captures_added"] == 0 and again["captures_known"] == done["captures_added"]
    verify = ws.run("verify", "--format", "json")
    assert verify.returncode == 0, verify.stdout


def test_reindex_gives_back_withdrawn_reports_and_their_alerts(workspace: Workspace) -> None:
    """A report's presence is no response's content: the crawls archive its changes, and a
    rebuilt database says withdrawn (and alerted it) where the lost one did."""
    site = hailin_site()
    with PortalServers({"127.0.0.1": site}, port=0) as servers:
        seeds = workspace.seeds(
            [("231083", "海林市", "county", "231000", servers.url("127.0.0.1", "/index.html"))]
        )
        assert workspace.run("crawl", "--seeds", str(seeds)).returncode == 0
        second_night(site)
        for _ in range(2):  # gone once, then withdrawn
            run = workspace.run("crawl", "--seeds", str(seeds), "--full")
            assert run.returncode == 0, run.stderr

    def presence() -> tuple[object, list[tuple[str, str]]]:
        region = without_ids(workspace.run("lookup", "region", "海林市", "--format", "json").json())
        alerts = workspace.run("alerts", "--format", "json").json()
        kinds = sorted(
            (a["kind"], a.get("title") or "")
            for a in alerts
            if a["kind"] in ("unlisted", "withdrawn", "restored")
        )
        return region, kinds

    region_before, alerts_before = presence()
    statuses = {r["title"]: r["status"] for r in region_before["reports"]}  # type: ignore[index]
    assert "withdrawn" in statuses.values(), statuses
    assert [k for k, _ in alerts_before] == ["withdrawn"], alerts_before

    workspace.db_file.unlink()
    run = workspace.run("reindex", "--format", "json")
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.json()["reports"]["presence_changes"] == 2  # gone, then withdrawn
    assert presence() == (region_before, alerts_before)
    again = workspace.run("reindex", "--format", "json").json()  # nothing rebuilt: no replay
    assert again["reports"]["presence_changes"] == 0
    assert presence() == (region_before, alerts_before)
