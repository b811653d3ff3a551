"""Viewing an archived page never contacts another origin (issue 9) and never runs its
script (issue 13): headless Chromium opens ``/raw/<id>`` of a page that loads an image,
a stylesheet, a font and a script from a second loopback server, and that server sees
no request.  The same page served without the archive's headers does reach it, so the
page really asks for them and the watcher really hears."""

from __future__ import annotations

import re
import shutil
import time

import httpx
import pytest

from nianbao.demo.server import PortalServers
from nianbao.demo.site import HTML, Site
from tests.conftest import Workspace

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian chromium is not installed"),
]
WATCHER = "127.0.0.5"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def hostile_page(watch: str) -> bytes:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8">
<title>海林市2020年度政府信息公开工作年度报告</title>
<link rel="stylesheet" href="{watch}/watch.css">
<link rel="preload" as="image" href="{watch}/preload.png">
<style>@font-face {{ font-family: x; src: url({watch}/font.woff); }}
body {{ font-family: x; background: url({watch}/bg.png); }}</style>
<script src="{watch}/watch.js"></script>
<script>fetch("/api/alerts").then(() => document.title = "ran");
fetch("{watch}/fetch"); document.title = "script ran";</script>
</head><body><h1>年度报告</h1><img src="{watch}/watch.png">
<iframe src="{watch}/frame.html"></iframe><video src="{watch}/clip.mp4"></video>
</body></html>""".encode()


def opened_in_chromium(url: str, seconds: float = 2.0) -> tuple[str, dict[str, str | None]]:
    """(the page's title, every URL the page asked for → why it failed, None if it did
    not) after loading ``url``."""
    from playwright.sync_api import sync_playwright

    requested: dict[str, str | None] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.on("request", lambda r: requested.setdefault(r.url, None))
            page.on("requestfailed", lambda r: requested.__setitem__(r.url, r.failure))
            page.goto(url, wait_until="load")
            time.sleep(seconds)  # give late loads (fonts, the script's fetch) their chance
            title = page.title()
        finally:
            browser.close()
    return title, requested


def test_archived_page_contacts_no_other_origin(workspace: Workspace) -> None:
    watcher = PortalServers({WATCHER: Site("watcher")}, port=0)
    with watcher:
        watch = watcher.url(WATCHER).rstrip("/")
        portal_site = Site("portal")
        portal_site.files["/index.html"] = (HTML, hostile_page(watch))
        portal_site.files["/robots.txt"] = ("text/plain", b"User-agent: *\n")
        with PortalServers({"127.0.0.1": portal_site}, port=0) as portal:
            url = portal.url("127.0.0.1", "/index.html")
            seeds = workspace.seeds([("231083", "海林市", "county", "231000", url)])
            crawl = workspace.run("crawl", "--seeds", str(seeds), "--render", "never")
            assert crawl.returncode == 0, crawl.stderr
            log = watcher.servers[WATCHER].log
            log.clear()  # the crawler stays on the portal; what follows is the browser's

            # the control: the live page, without the archive's headers, reaches the watcher
            title, _ = opened_in_chromium(url)
            assert title in ("script ran", "ran")  # the script ran (its fetch may finish first)
            assert {"GET /watch.css", "GET /watch.png", "GET /watch.js"} <= set(log), log
            log.clear()

        proc = workspace.popen("serve", "--port", "0")
        assert proc.stderr is not None
        try:
            found = re.search(r"serving on (http://127\.0\.0\.1:\d+)/", proc.stderr.readline())
            assert found
            base = found.group(1)
            [cap] = httpx.get(f"{base}/api/captures", params={"url": url}).json()["captures"]
            title, requested = opened_in_chromium(cap["raw"])
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    assert log == [], log  # not one request reached the other origin
    assert title != "script ran" and title != "ran"  # the page's script never ran
    # Chromium reports what the page asked for; the policy refused every one of them
    elsewhere = {u: why for u, why in requested.items() if not u.startswith(base)}
    assert elsewhere and all(
        why in ("csp", "net::ERR_BLOCKED_BY_CSP") for why in elsewhere.values()
    ), elsewhere
    assert [u for u in requested if "/api/" in u] == []
