"""An item pipeline for tests: every document of the night waits until a re-check is out.

Put before the crawl's own pipeline, it stands for documents whose parse is
slow (one worker parses every portal's documents in turn): if a portal's walk
waited for its documents to be stored, no re-check would go out while they
wait, and each would be let go only when ``HOLD_SECONDS`` have passed: the night
would last that long.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler

HOLD_SECONDS = 30.0


class HoldDocumentsUntilRecheck:
    def __init__(self, crawler: Crawler) -> None:
        self.rechecked = asyncio.Event()
        crawler.signals.connect(self.scheduled, signal=signals.request_scheduled)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> HoldDocumentsUntilRecheck:
        return cls(crawler)

    def scheduled(self, request: Request, spider: Spider) -> None:
        if request.meta.get("recheck"):
            self.rechecked.set()

    async def process_item(self, item: Any, spider: Spider | None = None) -> Any:
        if not getattr(item, "extra", {}).get("recheck"):
            with suppress(TimeoutError):
                await asyncio.wait_for(self.rechecked.wait(), HOLD_SECONDS)
        return item
