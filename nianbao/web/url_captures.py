"""A URL's captures: as JSON, as Memento TimeMaps (RFC 7089) and through its TimeGate.

Every resource here starts from the URL as crawled and lists or picks among its
captures, each pointing at its bytes under ``/raw/`` (:mod:`nianbao.web.raw_capture`)
rather than at the server's files.  The formats themselves (link-format, the
headers, the nearest memento) are :mod:`nianbao.web.memento`; the JSON API of
regions, reports and alerts is :mod:`nianbao.web.api`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response

from archive.lookup import captures_for_url
from nianbao.web import memento
from nianbao.web.api import session
from nianbao.web.memento import LINK_FORMAT, Urls

router = APIRouter()


def public_capture(cap: dict[str, Any], base: str) -> dict[str, Any]:
    """A capture for the outside: where to fetch it here, not the server's file paths."""
    out = {k: v for k, v in cap.items() if k != "blob"}
    out["warc"] = {**cap["warc"], "file": Path(cap["warc"]["file"]).name}
    out["raw"] = f"{base}/raw/{cap['id']}"
    return out


def captures(request: Request, url: str) -> list[dict[str, Any]]:
    if not url.startswith(("http://", "https://")):
        raise HTTPException(400, f"not an http(s) URL: {url!r}")
    base = str(request.base_url).rstrip("/")
    with session(request) as s:
        found = captures_for_url(s, url, request.app.state.archive)
    return [public_capture(c, base) for c in found]


def _target_url(request: Request, url: str) -> str:
    """The archived URL of a ``/timemap/…/{url}`` path, its query string put back."""
    query = request.url.query
    return f"{url}?{query}" if query else url


@router.get("/api/captures", tags=["captures"], summary="Every capture of a URL, oldest first")
def api_captures(request: Request, url: str = Query(..., description="the URL as crawled")) -> Any:
    return {"url": url, "captures": captures(request, url)}


def _mementos(request: Request, url: str) -> tuple[Urls, list[dict[str, Any]]]:
    """The URLs of ``url``'s Memento resources and its captures; 404 when there are none."""
    url = _target_url(request, url)
    found = captures(request, url)
    if not found:
        raise HTTPException(404, f"no capture of {url}")
    return Urls(str(request.base_url).rstrip("/"), url), found


@router.get("/timemap/json/{url:path}", tags=["captures"], summary="TimeMap as JSON")
def timemap_json(request: Request, url: str) -> Any:
    urls, found = _mementos(request, url)
    return memento.timemap_json(urls, found)


@router.get(
    "/timemap/link/{url:path}",
    tags=["captures"],
    summary="Memento TimeMap (RFC 7089, application/link-format)",
    response_class=Response,
)
def timemap_link(request: Request, url: str) -> Response:
    urls, found = _mementos(request, url)
    return Response(memento.timemap(urls, str(request.url), found), media_type=LINK_FORMAT)


@router.get(
    "/timegate/{url:path}",
    tags=["captures"],
    summary="Memento TimeGate (RFC 7089): Accept-Datetime → 302 to the nearest memento",
    response_class=Response,
    status_code=302,
)
def timegate(request: Request, url: str) -> Response:
    urls, found = _mementos(request, url)
    asked = request.headers.get("accept-datetime")
    moment = None
    if asked is not None:
        moment = memento.parse_accept_datetime(asked)
        if moment is None:
            raise HTTPException(400, f"Accept-Datetime {asked!r} is not an RFC 1123 date")
    chosen = memento.nearest(found, moment)
    headers = {
        "Location": urls.memento(chosen),
        "Vary": "accept-datetime",
        "Link": memento.timegate_link_header(urls, found, chosen),
    }
    return Response(status_code=302, headers=headers)


# Memento clients ask with HEAD too; the same handlers, kept out of the API document
router.add_api_route(
    "/timemap/link/{url:path}", timemap_link, methods=["HEAD"], include_in_schema=False
)
router.add_api_route("/timegate/{url:path}", timegate, methods=["HEAD"], include_in_schema=False)
