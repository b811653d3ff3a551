"""Playwright started with the first page that needs a browser, not with every crawl.

scrapy-playwright starts the Playwright driver (a Node.js process) when the
engine starts, and the engine waits for it: some 0.4 s before the first request
of every crawl, and a driver to stop at its end, although most portals never
need a browser (a cluster runs one crawl process per batch).  This provider,
set as ``PLAYWRIGHT_BROWSER_PROVIDER``, starts the driver when the first
rendered page asks for a browser (the handler asks behind its launch lock, so
once), and stops it only if it was started.

The driver's Node.js compiles the same megabytes of Playwright's scripts at
every start; with ``NODE_COMPILE_CACHE`` it keeps the compiled code in the
user's cache folder and the next crawl process reads it back (the driver's
start: about 0.1 s and a sixth of its CPU less on this machine).  Node keys
the cache by its own version and the scripts' content, so an upgrade only
fills it afresh; a cache set in the environment is left as it is.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from scrapy_playwright.provider import PlaywrightBrowserProvider


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
