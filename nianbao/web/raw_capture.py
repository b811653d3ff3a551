"""A capture's bytes as archived, served so that the archived page can do no harm.

Archived bytes are streamed from the archive (never held whole in memory),
re-hashed before the first byte goes out and again on the way, and always with
``Content-Security-Policy: sandbox; default-src 'none' …`` and ``nosniff``: an
archived page's scripts never run with the service's origin, and viewing it never
contacts another origin, whatever the page holds.  It is its own module because
these headers are the service's one defence against hostile pages: they are read
and changed in one place.  A URL's list of captures and its Memento resources are
:mod:`nianbao.web.url_captures`; the JSON API is :mod:`nianbao.web.api`.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response, StreamingResponse

from archive.alerts_query import iso
from archive.archive import BlobCorrupted, BlobMissing
from archive.models import Capture
from nianbao.web import memento
from nianbao.web.api import session
from nianbao.web.memento import Urls, http_date

router = APIRouter()
#: an archived page is shown without contacting any origin: no script (``sandbox``
#: without allow-scripts), no fetch of images, styles, fonts, frames or media from
#: the live web or from this service; what the page carries inline (its own <style>,
#: data: images) still shows
RAW_CSP = "; ".join(
    [
        "sandbox",
        "default-src 'none'",
        "script-src 'none'",
        "connect-src 'none'",
        "img-src data:",
        "style-src 'unsafe-inline'",
        "font-src data:",
        "media-src 'none'",
        "frame-src 'none'",
        "child-src 'none'",
        "worker-src 'none'",
        "object-src 'none'",
        "manifest-src 'none'",
        "form-action 'none'",
        "base-uri 'none'",
    ]
)
SAFE_HEADERS = {
    "Content-Security-Policy": RAW_CSP,
    "X-DNS-Prefetch-Control": "off",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "public, max-age=31536000, immutable",
}


@router.get(
    "/raw/{capture_id}",
    tags=["captures"],
    summary="A capture's bytes as archived (sandboxed)",
    response_class=Response,
)
def raw(request: Request, capture_id: int) -> Response:
    with session(request) as s:
        cap = s.get(Capture, capture_id)
    if cap is None:
        raise HTTPException(404, f"no capture {capture_id}")
    archive = request.app.state.archive
    try:
        archive.verify_blob(cap.sha256)  # a first pass, chunk by chunk: no bad byte goes out
    except BlobMissing:
        raise HTTPException(
            404, f"the bytes of capture {capture_id} are not in the archive"
        ) from None
    except BlobCorrupted as exc:
        raise HTTPException(500, str(exc)) from exc
    headers = dict(SAFE_HEADERS)
    headers["Memento-Datetime"] = http_date(iso(cap.fetched_at) or "")
    headers["Link"] = memento.memento_link_header(Urls(str(request.base_url).rstrip("/"), cap.url))
    headers["X-Archive-Status"] = str(cap.status)
    # given as a header, not media_type: Starlette would add "charset=utf-8" to a bare
    # text/* type, and a GBK page would then be misread
    headers["Content-Type"] = cap.content_type or "application/octet-stream"
    headers["Content-Length"] = str(cap.size)
    if request.method == "HEAD":
        return Response(headers=headers)
    # re-hashed again while streaming: bytes changed since the first pass end the transfer
    # short of Content-Length, so a client never takes them for the archived copy
    return StreamingResponse(archive.blob_chunks(cap.sha256), headers=headers)


# Memento clients ask with HEAD too; the same handlers, kept out of the API document
router.add_api_route("/raw/{capture_id}", raw, methods=["HEAD"], include_in_schema=False)
