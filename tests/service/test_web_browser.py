"""The web pages in a real browser: Debian chromium through Playwright, a real uvicorn server.

``nianbao serve`` runs as a subprocess on 127.0.0.2 over the two-crawl
archive; the browser searches the region, opens the revised report and
compares its two versions; it looks at the charts of a region and of a
prefecture's counties, and keeps screenshots of them.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import Workspace, make_workspace
from tests.service.counties import REVISED, Prefecture
from tests.service.served import CHROMIUM_ARGS, serve

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian chromium is not installed"),
]


@pytest.fixture
def server(shared: Workspace) -> Iterator[str]:
    yield from serve(shared)


@pytest.fixture
def prefecture_server(prefecture: Prefecture) -> Iterator[str]:
    yield from serve(make_workspace(Path(prefecture.db_url.removeprefix("sqlite:///")).parent))


def test_search_open_report_and_compare_versions(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.goto(server + "/")
            expect(page.get_by_role("heading", level=1)).to_have_text(
                "政府信息公开工作年度报告档案"
            )
            page.get_by_label("查找地区（名称或区划代码）：").fill("海林")
            page.get_by_role("button", name="查询").click()
            page.wait_for_url("**/region/231083")
            expect(page.locator("#region-name")).to_contain_text("海林市")
            page.get_by_role("link", name="海林市2020年度政府信息公开工作年度报告").click()
            expect(page.locator("#report-title")).to_have_text(
                "海林市2020年度政府信息公开工作年度报告"
            )
            expect(page.locator("table.versions tbody tr")).to_have_count(2)
            page.get_by_role("button", name="比较所选两个版本").click()
            page.wait_for_url("**/diff?*")
            expect(page.locator("#diff-summary")).to_contain_text("共 2 项数据变化")
            changed = page.locator("#diff-table tr.changed")
            expect(changed).to_have_count(2)
            row = page.locator('tr[data-cell="proactive.licensing.decisions"]')
            expect(row.locator("td.old")).to_have_text("22306")
            expect(row.locator("td.new")).to_have_text("22406")
            expect(row).to_contain_text("行政许可 · 处理决定数量")
        finally:
            browser.close()


def _launch(pw):  # type: ignore[no-untyped-def]
    return pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)


def _same_origin_only(page, base: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Every URL the page asks for that is not the service's own (there must be none)."""
    foreign: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(base) else foreign.append(r.url))
    return foreign


def test_region_charts_drawn_with_the_data(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = _launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            foreign = _same_origin_only(page, server)
            page.goto(server + "/region/231083")
            chart = page.locator("#chart-requests")
            expect(chart).to_be_visible()
            bars = chart.locator("rect.bar")
            expect(bars).to_have_count(6)  # 2019-2021, received and answered
            box = bars.nth(4).bounding_box()  # 2021 本年新收申请: 6
            low = bars.nth(2).bounding_box()  # 2020: 4
            assert box and low and box["height"] == pytest.approx(low["height"] * 1.5, rel=0.02)
            expect(chart.locator("text.value")).to_contain_text(["4", "4", "4", "4", "6", "6"])
            expect(page.locator("#chart-granted-share circle")).to_have_count(3)
            expect(page.locator("#chart-fees text.value")).to_have_text(["318.5"])
            page.locator("#trends").screenshot(path=str(tmp_path / "region-trends.png"))
            assert (tmp_path / "region-trends.png").stat().st_size > 10_000
            assert foreign == []
        finally:
            browser.close()


def test_prefecture_comparison_sorts_and_draws_bars(
    prefecture_server: str, prefecture: Prefecture, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = _launch(pw)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            foreign = _same_origin_only(page, prefecture_server)
            page.goto(prefecture_server + "/region/231000")
            page.locator("#compare-link").click()
            expect(page.locator("#compare-title")).to_have_text(
                "黑龙江省牡丹江市下辖地区对比 · 2021 年度"
            )
            bars = page.locator("#compare-chart rect.bar")
            expect(bars).to_have_count(5)
            widths = [bars.nth(i).bounding_box()["width"] for i in range(4)]
            assert widths == sorted(widths, reverse=True)
            assert widths[0] == pytest.approx(widths[3] * 10, rel=0.02)  # 150 and 15 requests
            page.screenshot(path=str(tmp_path / "compare-requests.png"), full_page=True)
            page.get_by_role("link", name="行政事业性收费金额（万元）").click()  # sort by fees
            page.wait_for_url("**sort=fees**")
            first = page.locator("#compare-table tbody tr").first
            expect(first).to_contain_text("海林市")  # 318.5 万元, the most
            expect(page.locator("#compare-chart text.value").first).to_have_text("318.5")
            page.screenshot(path=str(tmp_path / "compare-fees.png"), full_page=True)
            page.goto(f"{prefecture_server}/report/{prefecture.reports[('231084', 2021)]}")
            expect(page.locator("td[data-cell='requests.carried_over.total']")).to_have_class(
                re.compile("failed")
            )
            page.goto(f"{prefecture_server}/report/{prefecture.reports[REVISED]}")
            page.get_by_role("button", name="比较所选两个版本").click()
            expect(page.locator("#change-lines li").first).to_have_text(
                "行政复议 · 结果维持：2 → 3"
            )
            expect(page.locator("#text-changes h3")).to_have_text(["一、总体情况"])
            expect(page.locator("#text-changes del")).to_have_text(["2"])
            expect(page.locator("#text-changes ins")).to_have_text(["3"])
            page.screenshot(path=str(tmp_path / "diff.png"), full_page=True)
            assert foreign == []
        finally:
            browser.close()
