"""The JSON API, the Memento TimeMaps, the raw captures and the Atom feed.

Archived bytes are streamed from the archive (never held whole in memory),
re-hashed before the first byte goes out and again on the way, and always with
``Content-Security-Policy: sandbox; default-src 'none' …`` and ``nosniff``: an
archived page's scripts never run with the service's origin, and viewing it never
contacts another origin, whatever the page holds.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response, StreamingResponse
from sqlalchemy.orm import Session

from archive.alerts_query import iso, list_alerts, parse_since
from archive.archive import BlobCorrupted, BlobMissing
from archive.lookup import captures_for_url, reports_for_region, resolve_region
from archive.models import Capture
from archive.report_views import diff_versions, report_detail, search_regions, version_detail
from nianbao.notify.wording import attach_text_changes
from nianbao.web import memento
from nianbao.web.memento import LINK_FORMAT, Urls, http_date

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


def session(request: Request) -> Session:
    return request.app.state.sessions()  # type: ignore[no-any-return]


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
router.add_api_route(
    "/timemap/link/{url:path}", timemap_link, methods=["HEAD"], include_in_schema=False
)
router.add_api_route("/raw/{capture_id}", raw, methods=["HEAD"], include_in_schema=False)
router.add_api_route("/timegate/{url:path}", timegate, methods=["HEAD"], include_in_schema=False)


@router.get("/api/regions", tags=["regions"], summary="Search regions by code or name")
def api_regions(request: Request, q: str = Query(..., min_length=1)) -> Any:
    with session(request) as s:
        return {"query": q, "regions": search_regions(s, q)}


@router.get(
    "/api/regions/{region}/reports",
    tags=["regions"],
    summary="A region's reports (and those of the organs under it) with their versions",
)
def api_region_reports(request: Request, region: str, year: int | None = None) -> Any:
    with session(request) as s:
        found = resolve_region(s, region)
        if found is None:
            raise HTTPException(404, f"unknown region {region!r}")
        reports = reports_for_region(s, found.code, year)
        head = {"code": found.code, "name": found.name, "level": found.level}
    return {"region": head, "reports": reports}


@router.get("/api/reports/{report_id}", tags=["reports"], summary="A report and its versions")
def api_report(request: Request, report_id: int) -> Any:
    with session(request) as s:
        found = report_detail(s, report_id)
    if found is None:
        raise HTTPException(404, f"no report {report_id}")
    return found


@router.get(
    "/api/reports/{report_id}/versions/{version_id}",
    tags=["reports"],
    summary="One version: its report/1 and text",
)
def api_version(request: Request, report_id: int, version_id: int) -> Any:
    with session(request) as s:
        found = version_detail(s, report_id, version_id)
    if found is None:
        raise HTTPException(404, f"no version {version_id} of report {report_id}")
    return found


@router.get(
    "/api/reports/{report_id}/diff",
    tags=["reports"],
    summary="Two versions' cells side by side",
)
def api_diff(request: Request, report_id: int, a: int, b: int) -> Any:
    with session(request) as s:
        found = diff_versions(s, report_id, a, b)
    if found is None:
        raise HTTPException(404, f"report {report_id} has no versions {a} and {b}")
    return found


def alerts_for(
    request: Request,
    since: str | None,
    region: str | None,
    limit: int | None,
    text_changes: bool = False,
) -> Any:
    try:
        moment = parse_since(since) if since else None
    except ValueError:
        raise HTTPException(400, f"since={since!r} is not an ISO 8601 time") from None
    with session(request) as s:
        code = None
        if region:
            found = resolve_region(s, region)
            if found is None:
                raise HTTPException(404, f"unknown region {region!r}")
            code = found.code
        alerts = list_alerts(s, since=moment, region_code=code, limit=limit)
        return attach_text_changes(s, alerts) if text_changes else alerts


@router.get("/api/alerts", tags=["alerts"], summary="Change alerts, oldest first")
def api_alerts(
    request: Request,
    since: str | None = None,
    region: str | None = None,
    limit: int | None = Query(None, ge=1, le=10000),
) -> Any:
    return {"alerts": alerts_for(request, since, region, limit)}


@router.get(
    "/alerts.atom",
    tags=["alerts"],
    summary="Change alerts as an Atom feed",
    response_class=Response,
)
def alerts_atom(request: Request, region: str | None = None) -> Response:
    from nianbao.notify.atom import build_feed

    found = alerts_for(request, None, region, 200, text_changes=True)
    base = str(request.base_url).rstrip("/")
    body = build_feed(found, str(request.url), base)
    return Response(body, media_type="application/atom+xml; charset=utf-8")
