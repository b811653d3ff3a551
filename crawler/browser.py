"""Playwright started with the first page that needs a browser, not with every crawl.

scrapy-playwright starts the Playwright driver (a Node.js process) when the
engine starts, and the engine waits for it: some 0.4 s before the first request
of every crawl, and a driver to stop at its end, although most portals never
need a browser (a cluster runs one crawl process per batch).  This provider,
set as ``PLAYWRIGHT_BROWSER_PROVIDER``, starts the driver when the first
rendered page asks for a browser (the handler asks behind its launch lock, so
once), or when the crawl knows a render is coming (``start_browser``), and
stops it only if it was started.

The driver's Node.js compiles the same megabytes of Playwright's scripts at
every start; with ``NODE_COMPILE_CACHE`` it keeps the compiled code in the
user's cache folder and the next crawl process reads it back (the driver's
start: about 0.1 s and a sixth of its CPU less on this machine).  Node keys
the cache by its own version and the scripts' content, so an upgrade only
fills it afresh; a cache set in the environment is left as it is.
"""

from __future__ import annotations

import asyncio
import logging
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy.crawler import Crawler
from scrapy_playwright.provider import PlaywrightBrowserProvider

logger = logging.getLogger(__name__)

#: browser starts under way (a task is kept until it is done)
_STARTING: set[asyncio.Future[Any]] = set()


class OnDemandPlaywright(PlaywrightBrowserProvider):  # type: ignore[misc]  # an untyped base
    async def start(self) -> None:
        """Nothing at the engine's start: see ``launch_browser``."""

    async def launch_browser(self) -> Any:
        if self.browser_type is None:
            await self._start_driver()
        return await super().launch_browser()

    async def launch_persistent_context(self, context_kwargs: dict[str, Any]) -> Any:
        if self.browser_type is None:
            await self._start_driver()
        return await super().launch_persistent_context(context_kwargs)

    async def _start_driver(self) -> None:
        cache = node_compile_cache()
        if cache is not None:
            os.environ.setdefault("NODE_COMPILE_CACHE", str(cache))
        await super().start()


def start_browser(crawler: Crawler, url: str) -> None:
    """Start the browser of ``url``'s download handler now, in the background: a render
    is coming (a portal that challenged the last crawl is being asked plainly, and its
    challenge will want the browser).  Its driver and Chromium then start while the
    plain request is out and waits its turn, not after; the render finds them
    launched (the handler launches behind its lock, so once).  Nothing happens when
    the handler is not scrapy-playwright's (``--render never``) or keeps no browser."""
    try:
        engine = crawler.engine
    except RuntimeError:  # not crawling (yet): nothing to start the browser of
        return
    handlers = getattr(getattr(engine, "downloader", None), "handlers", None)
    get = getattr(handlers, "_get_handler", None)
    handler = get(urlsplit(url).scheme) if get is not None else None
    launch = getattr(handler, "_maybe_launch_browser", None)
    if launch is None or not hasattr(handler, "browser_provider") or hasattr(handler, "browser"):
        return
    task = asyncio.ensure_future(launch())
    _STARTING.add(task)
    task.add_done_callback(_started)


def stop_starting() -> None:
    """The crawl is over: a browser start still under way is not waited for."""
    for task in list(_STARTING):
        task.cancel()


def _started(task: asyncio.Future[Any]) -> None:
    _STARTING.discard(task)
    if not task.cancelled() and task.exception() is not None:  # the render will say so
        logger.info("the browser did not start ahead of its render: %s", task.exception())


def node_compile_cache() -> Path | None:
    """Where the driver's Node.js keeps its compiled scripts between crawl processes (None:
    this user has no home folder to keep them in, and the driver compiles them afresh)."""
    cache = os.environ.get("XDG_CACHE_HOME")
    if not cache:
        try:
            cache = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):
            return None
    return Path(cache) / "nianbao" / "node-compile-cache"
