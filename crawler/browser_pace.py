"""The browser's own requests under the crawl's per-host politeness.

A rendered page fetches its scripts, styles, images and XHR calls itself, and
Chromium sends six or more of them at once to one host: outside Scrapy's
downloader, so neither ``CONCURRENT_REQUESTS_PER_DOMAIN`` nor ``DOWNLOAD_DELAY``
held them (a list page with fourteen assets had the portal answering fourteen
requests at once).  The route handler (``PageGuard``,
crawler/middlewares/browser_hosts.py) asks this pace for a turn before each
request it sends:

- to the rendered page's own host, the request goes in the render's own
  transfer place (the rendered Scrapy request holds one in the host's download
  slot while the browser works): the page's requests one at a time, each
  ``DOWNLOAD_DELAY`` after the host's last request, Scrapy's or the browser's,
  and each counted as the host's last, so that Scrapy's next waits its delay too;
- to another host of the portal, it takes a free transfer place in that host's
  slot as a Scrapy request would, after that host's delay.

The page's own first navigation is the rendered request itself, which Scrapy's
downloader paced already: it waits for no delay.  What a render does not need
to build its DOM (images, styles, fonts, media) is not fetched at all
(``NOT_FETCHED``), so a page costs its portal its document, scripts and calls.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from time import monotonic
from typing import Any

from scrapy import Request

#: resource types a render's DOM does not need: never fetched from the portal
NOT_FETCHED = frozenset(
    {"image", "media", "font", "stylesheet", "texttrack", "manifest", "eventsource", "websocket"}
)
#: seconds between two looks for a free transfer place in another host's slot
_LOOK_EVERY = 0.05


class BrowserPace:
    """Turns for the browser's requests in the Scrapy downloader's per-host slots."""

    def __init__(self, downloader: Any) -> None:
        #: the crawl's downloader (crawler/downloader.py): its slots are the hosts' pace
        self.downloader = downloader

    @asynccontextmanager
    async def turn(
        self, url: str, own_slot: str | None, own_place: asyncio.Lock, paced: bool = False
    ) -> AsyncIterator[None]:
        """Hold this while the request to ``url`` is in flight.

        ``own_slot``: the rendered request's slot key; ``own_place``: the page's lock on
        its place there; ``paced``: the request is the rendered request itself.
        """
        key, slot = self.downloader._get_slot(Request(url))
        if key == own_slot:
            async with own_place:
                if not paced:
                    await _after_delay(slot)
                yield
            return
        marker = Request(url)
        while slot.free_transfer_slots() <= 0:
            await asyncio.sleep(_LOOK_EVERY)
        slot.transferring.add(marker)  # taken before the wait: no Scrapy request takes it
        try:
            await _after_delay(slot)
            yield
        finally:
            slot.transferring.discard(marker)
            self.downloader._process_queue(slot)  # a queued request may go in the place freed


async def _after_delay(slot: Any) -> None:
    """Wait until the host's delay since its last request is over; count this one as its last."""
    while (wait := slot.download_delay() - (monotonic() - slot.lastseen)) > 0:
        await asyncio.sleep(wait)
    slot.lastseen = monotonic()
