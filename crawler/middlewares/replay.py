"""Rebuild a Scrapy response from an archived capture (for resumed crawls and 304s)."""

from __future__ import annotations

from scrapy import Request
from scrapy.http import Response
from scrapy.http.headers import Headers
from scrapy.responsetypes import responsetypes

from archive.capture_store import CaptureStore
from archive.models import Capture


def replay_response(
    store: CaptureStore, cap: Capture, request: Request, status: int | None = None
) -> Response:
    """The archived response: its headers and verified bytes, as the spider would have seen it."""
    body = store.archive.get_blob(cap.sha256)
    headers = Headers([(k, v) for k, v in cap.response_headers])
    cls = responsetypes.from_args(headers=headers, url=cap.url, body=body)
    return cls(
        url=cap.url, status=status or cap.status, headers=headers, body=body, request=request
    )
