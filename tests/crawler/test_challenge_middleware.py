"""The challenge middleware's decisions, and the browser's answer standing for a download,
without a browser."""

from __future__ import annotations

import asyncio

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from crawler.middlewares.browser_answer import (
    ANSWER,
    FULFIL,
    BrowserAnswer,
    BrowserAnswerMiddleware,
    fulfil_headers,
    is_raw,
)
from crawler.middlewares.challenge import EXPECT_CHALLENGE, MAX_RENDERS, ChallengeMiddleware
from crawler.middlewares.challenge_page import is_challenge

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


def test_a_browser_answer_is_kept_only_as_the_bytes_sent() -> None:
    assert is_raw([("Content-Type", "text/html")]) and is_raw([("Content-Encoding", "identity")])
    assert not is_raw([("Content-Type", "text/html"), ("Content-Encoding", "gzip")])


def test_a_request_carrying_a_browser_answer_is_answered_with_it() -> None:
    answer = BrowserAnswer(
        200,
        [
            ("Content-Type", "text/html; charset=utf-8"),
            ("Set-Cookie", "a=1"),
            ("Set-Cookie", "b=2"),
        ],
        "<html><body>年报</body></html>".encode(),
        [("User-Agent", "nianbao"), ("Cookie", "__jsl_clearance=1")],
    )
    req = Request("http://127.0.0.28/a.html", meta={ANSWER: answer, "role": "list"})
    got = BrowserAnswerMiddleware().process_request(req)
    assert isinstance(got, HtmlResponse) and got.status == 200 and got.body == answer.body
    assert got.headers.getlist("Set-Cookie") == [b"a=1", b"b=2"]
    # the archive's request record: what the browser sent
    assert got.request is req and req.headers.get("Cookie") == b"__jsl_clearance=1"
    assert ANSWER not in req.meta and req.meta["role"] == "list"
    assert BrowserAnswerMiddleware().process_request(Request("http://127.0.0.28/b.html")) is None


def test_a_compressed_challenge_is_still_a_challenge() -> None:
    """The middleware sees a response before it is inflated: gzip, deflate (wrapped or raw)
    and brotli challenges are recognised, and nothing larger than a challenge is inflated."""
    import gzip
    import zlib

    import brotli

    script = b"<html><body><script>document.cookie='a=1';location.reload()</script></body></html>"
    for coding, body in [
        ("gzip", gzip.compress(script)),
        ("deflate", zlib.compress(script)),
        ("deflate", zlib.compress(script)[2:-4]),
        ("br", brotli.compress(script)),
        ("identity", script),
    ]:
        page = HtmlResponse("http://127.0.0.1/", status=412, body=body)
        page.headers["Content-Encoding"] = coding
        assert is_challenge(page), coding
    error = HtmlResponse("http://127.0.0.1/", status=521, body=gzip.compress(b"<p>down</p>"))
    error.headers["Content-Encoding"] = "gzip"
    assert not is_challenge(error)
    bomb = gzip.compress(b"<html>" + b" " * 50_000_000 + b"<script>")
    flood = HtmlResponse("http://127.0.0.1/", status=521, body=bomb)
    flood.headers["Content-Encoding"] = "gzip"
    assert not is_challenge(flood)  # past what a challenge inflates to: not inflated at all


def test_a_render_is_given_the_challenge_it_passes_inflated_with_its_cookies() -> None:
    """The render's navigation is answered by the plain request's challenge (FULFIL), as a
    client reads it: inflated, every cookie it set kept for the browser; a document's
    challenge is passed on the home page, which that answer is not."""
    import gzip

    req = Request("http://127.0.0.28/a.html")
    sent = HtmlResponse(req.url, status=412, body=gzip.compress(SCRIPT), request=req)
    sent.headers["Content-Encoding"] = "gzip"
    sent.headers.appendlist("Set-Cookie", "S=1; path=/")
    sent.headers.appendlist("Set-Cookie", "S443=1; path=/")
    render = asyncio.run(middleware().process_response(req, sent))
    assert isinstance(render, Request) and render.meta["playwright"]
    given = render.meta[FULFIL]
    assert given.status == 412 and given.body == SCRIPT
    assert not any(k.lower() == "content-encoding" for k, _ in given.headers)
    assert fulfil_headers(given.headers)["set-cookie"] == "S=1; path=/\nS443=1; path=/"
    doc = Request("http://127.0.0.28/P020210120.pdf")
    home = asyncio.run(middleware().process_response(doc, answer(doc, 412)))
    assert isinstance(home, Request) and FULFIL not in home.meta


def test_a_challenge_met_while_its_host_renders_waits_for_that_render() -> None:
    """One render per host at a time: a second request challenged meanwhile (the cookie
    wore out under two requests in flight) is not rendered too; it waits for the render
    and goes out again, at most ``MAX_RENDERS`` times.  The render leaves the scheduler
    ahead of the host's queued requests; a plain request not yet challenged does not wait."""

    async def run() -> None:
        mw = middleware()
        first, second = Request("http://127.0.0.28/a.html"), Request("http://127.0.0.28/b.html")
        render = await mw.process_response(first, answer(first, 521))
        assert isinstance(render, Request) and render.meta["playwright"]
        assert render.priority > first.priority
        waiting = asyncio.ensure_future(mw.process_response(second, answer(second, 521)))
        assert await mw.process_request(Request("http://127.0.0.28/c.html")) is None
        await asyncio.sleep(0.1)
        assert not waiting.done()
        await mw.process_response(render, answer(render, 200, b"<html></html>"))
        again = await asyncio.wait_for(waiting, 1)
        assert isinstance(again, Request) and "playwright" not in again.meta
        assert again.url == second.url and again.dont_filter
        # the cookie wears out under it again while another render runs: it waits once
        # more, and the time after that its challenge is its answer
        for _ in range(MAX_RENDERS - 1):
            await mw.process_response(first, answer(first, 521))  # another render
            waiting = asyncio.ensure_future(mw.process_response(again, answer(again, 521)))
            await asyncio.sleep(0.05)
            mw._rendered("127.0.0.28")  # that render is over
            again = await asyncio.wait_for(waiting, 1)
            assert isinstance(again, Request) and "playwright" not in again.meta
        await mw.process_response(first, answer(first, 521))
        gave_up = await asyncio.wait_for(mw.process_response(again, answer(again, 521)), 1)
        assert isinstance(gave_up, HtmlResponse) and gave_up.status == 521

    asyncio.run(run())


def test_a_portal_expected_to_challenge_leads_with_one_plain_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The first starting request of a portal that challenged the last crawl goes out
    plainly and leads: the host's other starting requests wait for its render.  A redirect
    it meets does not end the wait (the request it leads to leads, and waits for nothing);
    a render lost on the way holds the host up ``RENDER_WAIT`` only."""
    from crawler.middlewares import challenge

    async def run() -> None:
        mw = middleware()
        home = Request("http://127.0.0.28/", meta={EXPECT_CHALLENGE: True})
        assert await mw.process_request(home) is None and "playwright" not in home.meta
        kept = Request("http://127.0.0.28/nb/index.html", meta={EXPECT_CHALLENGE: True})
        waiting = asyncio.ensure_future(mw.process_request(kept))
        moved = HtmlResponse(home.url, status=302, headers={"Location": "/index.html"})
        assert await mw.process_response(home, moved) is moved
        onward = home.replace(url="http://127.0.0.28/index.html")  # RedirectMiddleware's copy
        assert await asyncio.wait_for(mw.process_request(onward), 1) is None
        await asyncio.sleep(0.1)
        assert not waiting.done()
        render = await mw.process_response(onward, answer(onward, 521))
        assert isinstance(render, Request) and render.meta["playwright"]
        await mw.process_response(render, answer(render, 200, b"<html></html>"))
        assert await asyncio.wait_for(waiting, 1) is None
        # a render that never answers: the next portal's waiting request goes on in time
        monkeypatch.setattr(challenge, "RENDER_WAIT", 0.2)
        lost = Request("http://127.0.0.29/", meta={EXPECT_CHALLENGE: True})
        await mw.process_request(lost)
        late = Request("http://127.0.0.29/nb/", meta={EXPECT_CHALLENGE: True})
        assert await asyncio.wait_for(mw.process_request(late), 2) is None
        assert late.meta.get("nianbao_leads_render") == "127.0.0.29"  # it leads now

    asyncio.run(run())
