"""The JSON API of regions, reports, versions and alerts, and the alerts' Atom feed.

A URL's captures and its Memento TimeMaps and TimeGate are
:mod:`nianbao.web.url_captures`; a capture's archived bytes, sandboxed, are
:mod:`nianbao.web.raw_capture`.  The database session every route opens
(:func:`session`) is here, and the pages (:mod:`nianbao.web.pages`) use it too.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from archive.alerts_query import list_alerts, parse_since
from archive.lookup import reports_for_region, resolve_region
from archive.report_views import diff_versions, report_detail, search_regions, version_detail
from nianbao.notify.wording import attach_text_changes

router = APIRouter()


def session(request: Request) -> Session:
    return request.app.state.sessions()  # type: ignore[no-any-return]


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
