"""A host's pace follows the server's answers: a browser render's time does not slow it."""

from __future__ import annotations

from scrapy import Request, Spider, signals
from scrapy.core.downloader import Slot
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler import settings as crawl_settings


def answered(crawler, latency: float, **meta: object) -> float:  # type: ignore[no-untyped-def]
    """The host's delay after one answer that took ``latency`` seconds."""
    request = Request("http://127.0.0.28/a.html", meta={"download_slot": "127.0.0.28", **meta})
    request.meta["download_latency"] = latency
    response = HtmlResponse(request.url, body=b"<html></html>", request=request)
    crawler.signals.send_catch_log(
        signals.response_downloaded, response=response, request=request, spider=crawler.spider
    )
    return crawler.engine.downloader.slots["127.0.0.28"].delay  # type: ignore[no-any-return]


def test_a_rendered_page_leaves_the_hosts_delay_alone() -> None:
    crawler = get_crawler(
        Spider,
        {
            "EXTENSIONS": crawl_settings.EXTENSIONS,
            "AUTOTHROTTLE_ENABLED": True,
            "DOWNLOAD_DELAY": 0.5,
        },
    )
    crawler._apply_settings()  # builds the extensions, as a crawl does
    crawler.spider = crawler._create_spider("portals_test")
    crawler.engine = crawler._create_engine()
    crawler.signals.send_catch_log(signals.spider_opened, spider=crawler.spider)
    crawler.engine.downloader.slots["127.0.0.28"] = Slot(concurrency=2, delay=0.5, jitter=0)
    assert answered(crawler, 2.0, playwright=True) == 0.5  # the browser's two seconds
    assert answered(crawler, 0.01) == 0.5  # a quick server: the floor, DOWNLOAD_DELAY
    assert answered(crawler, 2.0) == 2.0  # a slow server slows its host down
