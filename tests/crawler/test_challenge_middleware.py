"""The challenge middleware's decisions, without a browser."""

from __future__ import annotations

import asyncio

from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares.challenge import ChallengeMiddleware, is_challenge

SCRIPT = b"<html><script>document.cookie='__jsl_clearance=1';location.reload()</script></html>"


def middleware() -> ChallengeMiddleware:
    crawler = get_crawler(settings_dict={"EXTENSIONS": {"crawler.summary.CrawlSummary": 500}})
    crawler._apply_settings()  # builds the extensions, as a crawl does before the downloader
    return ChallengeMiddleware(crawler)


def answer(request: Request, status: int, body: bytes = SCRIPT) -> HtmlResponse:
    return HtmlResponse(request.url, status=status, body=body, request=request)


def test_only_scripted_521_and_412_are_challenges() -> None:
    req = Request("http://127.0.0.28/a.html")
    assert is_challenge(answer(req, 521)) and is_challenge(answer(req, 412))
    assert not is_challenge(answer(req, 521, b"<html>busy</html>"))
    assert not is_challenge(answer(req, 200))


def test_a_page_is_rendered_once_then_fetched_plainly() -> None:
    mw = middleware()
    req = Request("http://127.0.0.28/a.html", meta={"role": "list"})
    again = asyncio.run(mw.process_response(req, answer(req, 521)))
    assert isinstance(again, Request) and again.meta["playwright"] and again.url == req.url
    plain = asyncio.run(mw.process_response(again, answer(again, 521)))
    assert isinstance(plain, Request) and "playwright" not in plain.meta
    assert plain.url == req.url and plain.meta["role"] == "list"
    plain.meta["nianbao_renders"] = 2
    gave_up = asyncio.run(mw.process_response(plain, answer(plain, 521)))
    assert isinstance(gave_up, HtmlResponse) and gave_up.status == 521


def test_a_document_earns_its_cookie_on_the_home_page() -> None:
    mw = middleware()
    req = Request("http://127.0.0.28/zwgk/P020210120.pdf")
    render = asyncio.run(mw.process_response(req, answer(req, 412)))
    assert isinstance(render, Request) and render.url == "http://127.0.0.28/"
    plain = asyncio.run(mw.process_response(render, answer(render, 200, b"<html></html>")))
    assert isinstance(plain, Request) and plain.url == req.url and "playwright" not in plain.meta


def test_robots_txt_is_never_rendered() -> None:
    req = Request("http://127.0.0.28/robots.txt")
    got = asyncio.run(middleware().process_response(req, answer(req, 521)))
    assert isinstance(got, HtmlResponse)
