"""Pages for people, in Chinese: a region's reports and trends, its parts side by side,
a report as its printed form, two versions compared.

Server-side Jinja2 templates with autoescaping: every organ name, title and
URL that came from a crawled page is escaped, never trusted as HTML.
"""

from __future__ import annotations

from datetime import datetime
from itertools import groupby
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import select

from archive.alerts_query import list_alerts
from archive.lookup import reports_for_region, resolve_region
from archive.models import Organ, Region
from archive.organ_years import organ_of_report, organ_years
from archive.report_views import diff_versions, report_detail, search_regions, version_detail
from nianbao.notify.wording import change_lines, text_changes
from nianbao.web.api import session
from nianbao.web.charts import fmt
from nianbao.web.comparison import LEVELS, comparison_rows, parts_of, report_years
from nianbao.web.figures import BY_KEY, FIGURES, is_government
from nianbao.web.labels import STATUS, TEMPLATES, cell_label, flag_text
from nianbao.web.report_tables import filled_tables
from nianbao.web.trends import comparison_chart, sort_rows, trend_panels
from parsers.forms import TABLE_SHORT, form_order, table_of
from parsers.year_checks import year_flags

BEIJING = ZoneInfo("Asia/Shanghai")


def beijing_time(iso_time: str | None) -> str:
    """``2026-11-24T00:44:13.8Z`` → ``2026-11-24 08:44``: people here read Beijing time."""
    if not iso_time:
        return "—"
    moment = datetime.fromisoformat(iso_time.replace("Z", "+00:00"))
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M")


def cell_value(value: Any) -> Any:
    """A cell as the form prints it: "—" for a cell the document lacks, 80 for 80.0."""
    if value is None:
        return "—"
    return int(value) if isinstance(value, float) and value.is_integer() else value


templates = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
templates.env.filters.update(
    label=cell_label,
    value=cell_value,
    when=beijing_time,
    figure=lambda v, unit="": fmt(v, unit),
    table_title=lambda cell: TABLE_SHORT.get(table_of(cell) or "", ""),
    changes=lambda cells: "；".join(change_lines(cells, limit=3)),
)
templates.env.globals.update(STATUS=STATUS, TEMPLATES=TEMPLATES, FIGURES=FIGURES, LEVELS=LEVELS)
router = APIRouter(include_in_schema=False)


def page(request: Request, name: str, **context: Any) -> Response:
    return templates.TemplateResponse(request, name, context)


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> Response:
    with session(request) as s:
        recent = list(reversed(list_alerts(s, limit=10)))
    return page(request, "index.html", alerts=recent)


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: str = "") -> Response:
    with session(request) as s:
        exact = resolve_region(s, q) if q.strip() else None
        if exact is not None:
            return RedirectResponse(f"/region/{exact.code}", status_code=303)
        matches = search_regions(s, q)
    if len(matches) == 1:
        return RedirectResponse(f"/region/{matches[0]['code']}", status_code=303)
    return page(request, "search.html", q=q, matches=matches)


@router.get("/region/{code}", response_class=HTMLResponse)
def region_page(
    request: Request, code: str, year: int | None = None, organ: str | None = None
) -> Response:
    """A region's reports by year, and one of its organs' key figures drawn over the years."""
    with session(request) as s:
        region = resolve_region(s, code)
        if region is None:
            raise HTTPException(404, f"没有找到地区 {code}")
        reports = reports_for_region(s, region.code, year)
        children = s.query(Region).filter(Region.parent_code == region.code).count()
        organs = s.scalars(select(Organ).where(Organ.region_code == region.code)).all()
        ranked = sorted(organs, key=lambda o: (-is_government(o.name, region.name), o.name))
        chosen = next((o for o in ranked if o.name == organ), ranked[0] if ranked else None)
        years = organ_years(s, chosen.id) if chosen is not None else []
    by_year = [(y, list(rs)) for y, rs in groupby(reports, key=lambda r: r["year"])]
    panels, figure_rows = trend_panels(years)
    return page(
        request,
        "region.html",
        region=region,
        by_year=by_year,
        year=year,
        children=children,
        organs=[o.name for o in ranked],
        organ=chosen.name if chosen is not None else None,
        panels=panels if len(figure_rows) else [],
        figure_rows=figure_rows,
    )


@router.get("/region/{code}/compare", response_class=HTMLResponse)
def compare_page(
    request: Request,
    code: str,
    year: int | None = None,
    sort: str = "received",
    order: str = "desc",
    level: str = "children",
) -> Response:
    """The regions under this one for one year: a table sortable by any figure, and its bars."""
    if sort != "name" and sort not in BY_KEY:
        raise HTTPException(400, f"不能按 {sort} 排序")
    level = level if level in LEVELS else "children"
    with session(request) as s:
        region = resolve_region(s, code)
        if region is None:
            raise HTTPException(404, f"没有找到地区 {code}")
        parts = parts_of(s, region.code, level)
        years = report_years(s, [p.code for p in parts])
        year = year if year is not None else (years[0] if years else None)
        rows = comparison_rows(s, region.code, year, level) if year is not None else []
    rows = sort_rows(rows, sort, order != "asc")
    figure = BY_KEY.get(sort, FIGURES[0])
    return page(
        request,
        "compare.html",
        region=region,
        year=year,
        years=years,
        rows=rows,
        sort=sort,
        order=order,
        level=level,
        figure=figure,
        chart=comparison_chart(rows, figure.key),
    )


@router.get("/report/{report_id}", response_class=HTMLResponse)
def report_page(request: Request, report_id: int, version: int | None = None) -> Response:
    """The report as its printed tables, any of its versions, checked against the year before."""
    with session(request) as s:
        report = report_detail(s, report_id)
        if report is None:
            raise HTTPException(404, f"没有找到报告 {report_id}")
        shown = report["versions"][-1] if report["versions"] else None
        parsed = report["report"]
        if version is not None:
            chosen = version_detail(s, report_id, version)
            if chosen is None:
                raise HTTPException(404, f"报告 {report_id} 没有版本 {version}")
            shown, parsed = chosen, chosen["report"]
        organ = organ_of_report(s, report_id)
        years = organ_years(s, organ.id) if organ is not None else []
    previous = next((y for y in years if y["year"] == (report["year"] or 0) - 1), None)
    cross = year_flags(previous["report"], parsed) if previous else []
    parsed = parsed or {}
    cells = parsed.get("cells") or {}
    flags = [*(parsed.get("flags") or []), *cross]
    return page(
        request,
        "report.html",
        report=report,
        shown=shown,
        parsed=parsed,
        cells=cells,
        tables=filled_tables(parsed, cross) if cells else [],
        flags=[(f, flag_text(f, cells, parsed.get("template"))) for f in flags],
        previous=previous,
        years=years,
    )


@router.get("/report/{report_id}/diff", response_class=HTMLResponse)
def diff_page(request: Request, report_id: int, a: int, b: int, all: bool = False) -> Response:  # noqa: A002
    """Two versions: changed cells by their Chinese names, the text by sentence under headings."""
    with session(request) as s:
        report = report_detail(s, report_id)
        diff = diff_versions(s, report_id, a, b)
        old, new = version_detail(s, report_id, a), version_detail(s, report_id, b)
    if report is None or diff is None or old is None or new is None:
        raise HTTPException(404, f"报告 {report_id} 没有版本 {a} 和 {b}")
    template = (new["report"] or {}).get("template") or (old["report"] or {}).get("template")
    order = form_order(template)
    cells = sorted(diff["cells"], key=lambda c: (order.get(c["cell"], len(order)), c["cell"]))
    changed = [{"cell": c["cell"], "old": c["a"], "new": c["b"]} for c in cells if c["changed"]]
    rows = cells if all else [c for c in cells if c["changed"]]
    return page(
        request,
        "diff.html",
        report=report,
        diff=diff,
        rows=rows,
        all=all,
        template=template,
        change_lines=change_lines(changed, template, limit=None),
        text=text_changes(old["text"], new["text"]),
    )


@router.get("/alerts", response_class=HTMLResponse)
def alerts_page(request: Request, region: str | None = None) -> Response:
    with session(request) as s:
        code = None
        if region:
            found = resolve_region(s, region)
            if found is None:
                raise HTTPException(404, f"没有找到地区 {region}")
            code = found.code
        found_alerts = list(reversed(list_alerts(s, region_code=code, limit=500)))
    return page(request, "alerts.html", alerts=found_alerts, region=region)
