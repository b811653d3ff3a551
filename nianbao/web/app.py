"""The FastAPI application: storage opened once, the API and the pages mounted on it."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException

from archive.archive import open_archive
from archive.db import open_database
from nianbao.config import Settings


def create_app(settings: Settings) -> FastAPI:
    """The service over one database and archive (migrated on open, like every command)."""
    from nianbao.web import api, pages, raw_capture, url_captures

    app = FastAPI(
        title="nianbao",
        summary="政府信息公开工作年度报告 archive: captures, reports, versions and alerts",
        version="1",
    )
    app.state.sessions = open_database(settings.db_url)
    app.state.archive = open_archive(settings.archive_dir)
    app.include_router(url_captures.router)
    app.include_router(raw_capture.router)
    app.include_router(api.router)
    app.include_router(pages.router)

    @app.exception_handler(HTTPException)
    async def _errors(request: Request, exc: HTTPException) -> Response:
        """JSON for programs; a short Chinese page for people browsing the HTML pages."""
        path = request.url.path
        if path.startswith(("/api/", "/timemap/", "/timegate/", "/raw/", "/alerts.atom")):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code)
        return HTMLResponse(
            pages.templates.get_template("error.html").render(
                status=exc.status_code, detail=exc.detail
            ),
            status_code=exc.status_code,
        )

    return app
