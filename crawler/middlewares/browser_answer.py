"""A page the browser fetched to pass a cookie challenge answers the plain request after it.

A challenge render (crawler/middlewares/challenge.py) ends on the page the
server sent once the script's cookie was set: the very page the crawl wants.
Sending the request again plainly, as the render's only way to hand Scrapy
its raw bytes, asked the portal for it a second time.  The route handler that
fetches the browser's requests (``PageGuard``, crawler/middlewares/browser_hosts.py)
keeps that page's answer instead, for a render that asks (``KEEP_ANSWER``):
its status, headers and body as they came off the wire, asked without
compression so that the body is the bytes sent (an answer still
content-encoded is not kept, and the request goes out again as before).  The request after the render carries it in its meta, and this
middleware, closest to the downloader, answers it: every other middleware
sees the answer as if it had been downloaded, the archive's first of all,
which stores it with the browser's request headers.  A script-built list's
render keeps the answers of the GET calls its script made the same way
(``CALL_ANSWERS``), and the plain replay of each call (crawler/platforms/jsbuilt.py)
is answered by it: the portal is asked for the call once.
"""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from crawler.headers import header_pairs
from ingest.codings import decoded_body

#: request meta: the ``BrowserAnswer`` that answers the request
ANSWER = "nianbao_browser_answer"
#: request meta: a render whose page's own answer is to be kept (a challenge's)
KEEP_ANSWER = "nianbao_keep_answer"
#: request meta: the ``BrowserAnswer`` the browser's navigation is given instead of the
#: network's: the plain answer that sent the page to the browser (a script-built list)
FULFIL = "nianbao_fulfil"
#: request meta: a page shown to the browser after its plain read (``--render always``):
#: only the links its scripts write are taken from its DOM, and the schedule, which
#: decided on the page when it was read, is not asked again
RENDERED_AGAIN = "nianbao_rendered_again"
#: request meta of a list render: URL → ``BrowserAnswer`` of each GET its script made
#: (XHR, fetch), kept by the route handler to answer the call's plain replay
CALL_ANSWERS = "nianbao_call_answers"
#: headers that describe the bytes on the wire, not the decoded body a render is given
_WIRE = {"content-encoding", "content-length", "transfer-encoding"}


@dataclass(frozen=True)
class BrowserAnswer:
    """A document's answer as the browser's route handler received it."""

    status: int
    headers: list[tuple[str, str]]
    body: bytes
    #: the headers the browser's request went out with (the archive's request record)
    request_headers: list[tuple[str, str]]


#: page → its route handler's answer for the page's own URL (the challenge passed)
_ANSWERS: weakref.WeakKeyDictionary[Any, BrowserAnswer] = weakref.WeakKeyDictionary()


def keep_answer(page: Any, answer: BrowserAnswer) -> None:
    _ANSWERS[page] = answer


def answer_of(page: Any) -> BrowserAnswer | None:
    """The answer the page's route handler kept, if its document came uncompressed."""
    return _ANSWERS.get(page)


def answer_from(response: Response, max_bytes: int = 200 << 20) -> BrowserAnswer | None:
    """A plain response as the answer a render's navigation is given: its page is read
    in the browser without asking the portal for it again, and is archived once, as the
    plain request's capture.  A body still content-coded (a downloader middleware's
    response, before Scrapy's decompression) is given decoded; None for one that cannot
    be (it would inflate past ``max_bytes``, or its coding is unknown): the browser then
    asks the portal for the page itself."""
    pairs = header_pairs(response.headers)
    try:
        body = response.body if is_raw(pairs) else decoded_body(response.body, pairs, max_bytes)
    except ValueError:
        return None
    headers = [(k, v) for k, v in pairs if k.lower() not in _WIRE]
    return BrowserAnswer(response.status, headers, body, [])


def fulfil_headers(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Headers as Playwright's ``route.fulfill`` takes them: one entry a name, a header
    sent more than once joined (``Set-Cookie`` lines by newlines, as Playwright splits
    them again; others by commas), so that no cookie an answer set is lost."""
    out: dict[str, str] = {}
    for name, value in pairs:
        key = name.lower()
        if key in out:
            out[key] += ("\n" if key == "set-cookie" else ", ") + value
        else:
            out[key] = value
    return out


def archived_elsewhere(meta: dict[str, Any]) -> bool:
    """True for a render whose body (the browser's DOM) is not to be archived: the page as
    sent is another capture's.  A challenge's render (``KEEP_ANSWER``) is followed by a
    request that the page answers or that goes out again; a render given a plain answer
    (``FULFIL``) shows a page archived when it was read plainly."""
    return bool(meta.get(KEEP_ANSWER)) or meta.get(FULFIL) is not None


def is_raw(headers: list[tuple[str, str]]) -> bool:
    """True when the body is the bytes sent: no content coding to undo."""
    codings = {v.strip().lower() for k, v in headers if k.lower() == "content-encoding"}
    return codings <= {"", "identity"}


class BrowserAnswerMiddleware:
    """Answer a request from the ``BrowserAnswer`` in its meta, without the network."""

    def process_request(self, request: Request, spider: Spider | None = None) -> Response | None:
        answer = request.meta.pop(ANSWER, None)
        if not isinstance(answer, BrowserAnswer):
            return None
        request.headers = Headers()
        for name, value in answer.request_headers:
            request.headers.appendlist(name, value)
        headers = Headers()
        for name, value in answer.headers:
            headers.appendlist(name, value)
        cls = responsetypes.from_args(headers=headers, url=request.url, body=answer.body)
        return cls(
            url=request.url,
            status=answer.status,
            headers=headers,
            body=answer.body,
            request=request,
            protocol="HTTP/1.1",
        )
