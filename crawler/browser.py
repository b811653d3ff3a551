"""Playwright started with the first page that needs a browser, not with every crawl.

scrapy-playwright starts the Playwright driver (a Node.js process) when the
engine starts, and the engine waits for it: some 0.4 s before the first request
of every crawl, and a driver to stop at its end, although most portals never
need a browser (a cluster runs one crawl process per batch).  This provider,
set as ``PLAYWRIGHT_BROWSER_PROVIDER``, starts the driver when the first
rendered page asks for a browser (the handler asks behind its launch lock, so
once), and stops it only if it was started.
"""

from __future__ import annotations

from typing import Any

from scrapy_playwright.provider import PlaywrightBrowserProvider


class OnDemandPlaywright(PlaywrightBrowserProvider):  # type: ignore[misc]  # an untyped base
    async def start(self) -> None:
        """Nothing at the engine's start: see ``launch_browser``."""

    async def launch_browser(self) -> Any:
        if self.browser_type is None:
            await super().start()
        return await super().launch_browser()

    async def launch_persistent_context(self, context_kwargs: dict[str, Any]) -> Any:
        if self.browser_type is None:
            await super().start()
        return await super().launch_persistent_context(context_kwargs)
