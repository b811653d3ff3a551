"""The web pages in a real browser: Debian chromium through Playwright, a real uvicorn server.

``nianbao serve`` runs as a subprocess on 127.0.0.2 over the two-crawl
archive; the browser searches the region, opens the revised report and
compares its two versions.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Iterator

import pytest

from tests.conftest import NIANBAO, Workspace

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian chromium is not installed"),
]
HOST = "127.0.0.2"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def free_port(host: str) -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(shared: Workspace) -> Iterator[str]:
    port = free_port(HOST)
    proc = subprocess.Popen(
        [*NIANBAO, "serve", "--host", HOST, "--port", str(port)],
        cwd=shared.root,
        env=shared.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{base}/openapi.json", timeout=2):
                    break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise AssertionError(f"serve did not start: {proc.communicate()}") from None
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=10)


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
