"""Scrapy's downloader with a host's concurrency held when its delay is zero.

Scrapy 2.19's downloader hands a host's queued requests to the network in a loop
that stops when the host's transfer places are full, but a request takes its
place only once the task that downloads it runs, after the loop.  With a delay
the loop sends one request and waits, so the crawl's own settings (a delay of
at least ``DOWNLOAD_DELAY``) never met it; with ``DOWNLOAD_DELAY = 0`` (a crawl
of one's own servers, the tests' fast settings) every queued request of the host
went out at once: 35 connections to one small server where
``CONCURRENT_REQUESTS_PER_DOMAIN`` allows 2, its listen queue overflowed and the
dropped connections came back after TCP's one-, two-, four-second retries.

Here a request takes its host's place as it leaves the queue.
"""

from __future__ import annotations

from time import monotonic

from scrapy.core.downloader import Downloader, Slot
from scrapy.utils.asyncio import call_later
from scrapy.utils.defer import _schedule_coro


class PoliteDownloader(Downloader):
    def _process_queue(self, slot: Slot) -> None:
        if slot.latercall:
            return
        now = monotonic()
        delay = slot.download_delay()
        if delay:
            penalty = delay - now + slot.lastseen
            if penalty > 0:
                slot.latercall = call_later(penalty, self._latercall, slot)
                return
        while slot.queue and slot.free_transfer_slots() > 0:
            slot.lastseen = now
            request, queue_dfd = slot.queue.popleft()
            slot.transferring.add(request)  # its place, taken now (``_download`` adds it again)
            _schedule_coro(self._wait_for_download(slot, request, queue_dfd))
            if delay:
                self._process_queue(slot)
                break
