"""The browser is started ahead of a render the crawl knows is coming (crawler/browser.py).

A portal that challenged the last crawl is asked plainly first, and its
challenge will want the browser: ``start_browser`` launches it behind
scrapy-playwright's handler while that request is out.  It reaches into the
handler (its launch under its own lock), so this test holds it to the pinned
scrapy-playwright: in a process of its own, with the asyncio reactor a crawl
runs on and Debian's Chromium, the handler of the URL's scheme has a connected
browser once the start is over, and a crawl without that handler starts nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian chromium is not installed"),
]

SCRIPT = """
import asyncio
from scrapy.utils.reactor import install_reactor
install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
from twisted.internet import defer, reactor
from scrapy.utils.test import get_crawler
from crawler import browser, settings

PLAYWRIGHT = "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"


def crawler_with(handlers):
    crawler = get_crawler(settings_dict={
        "DOWNLOAD_HANDLERS": handlers,
        "PLAYWRIGHT_BROWSER_PROVIDER": settings.PLAYWRIGHT_BROWSER_PROVIDER,
        "PLAYWRIGHT_LAUNCH_OPTIONS": settings.PLAYWRIGHT_LAUNCH_OPTIONS,
    })
    crawler._apply_settings()
    crawler.engine = crawler._create_engine()
    return crawler


async def main():
    plain = crawler_with({})
    browser.start_browser(plain, "http://127.0.0.5/")
    print("plain", len(browser._STARTING))
    crawler = crawler_with({"http": PLAYWRIGHT, "https": PLAYWRIGHT})
    handler = crawler.engine.downloader.handlers._get_handler("http")
    await handler._launch()  # what the engine's start does
    print("before", hasattr(handler, "browser"))
    browser.start_browser(crawler, "http://127.0.0.5/")
    await asyncio.gather(*browser._STARTING)
    print("connected", handler.browser.is_connected())
    browser.start_browser(crawler, "http://127.0.0.5/")  # started: nothing more to do
    print("again", len(browser._STARTING))
    await handler.close()


def run():
    done = defer.Deferred.fromFuture(asyncio.ensure_future(main()))
    done.addErrback(lambda failure: print("error", failure.getTraceback()))
    done.addBoth(lambda _: reactor.stop())


reactor.callWhenRunning(run)
reactor.run()
"""


def test_the_browser_starts_ahead_of_its_render() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[2],  # the repository: its packages importable
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.split("\n")
    assert "error" not in proc.stdout, proc.stdout
    # no browser handler: nothing started; with one: a browser launched, once
    assert lines[:4] == ["plain 0", "before False", "connected True", "again 0"], proc.stdout
