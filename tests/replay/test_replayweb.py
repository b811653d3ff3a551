"""ReplayWeb.page opens a ``nianbao wacz`` package in headless Chromium and shows a report.

The viewer (``ui.js`` and its service worker ``sw.js``, as the npm package ships
them) and the package are served from one loopback origin, a secure context for
service workers; the report page is opened from the package alone.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path
from typing import Any

from tests.replay.conftest import EDITED, UNCHANGED, Package, TwoCrawls
from tests.replay.static_server import serve_folder
from tests.replay.tools import replayweb_folder
from tests.service.served import CHROMIUM_ARGS

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><script src="/ui.js"></script></head>
<body style="margin:0">
<replay-web-page style="display:block;height:100vh" source="/{wacz}" url="{url}"
  replaybase="/replay/" embed="replayonly"></replay-web-page>
</body></html>
"""


def test_replayweb_page_shows_a_report_from_the_package(
    two_crawls: TwoCrawls, second_night: Package, tmp_path: Path
) -> None:
    from playwright.sync_api import sync_playwright

    viewer = replayweb_folder()
    site = tmp_path / "site"
    (site / "replay").mkdir(parents=True)
    shutil.copy(viewer / "ui.js", site / "ui.js")
    shutil.copy(viewer / "sw.js", site / "replay" / "sw.js")
    shutil.copy(second_night.path, site / "night2.wacz")
    # the edited report (a new response) and one the server answered 304 (a revisit whose
    # payload the package carries in from the first night)
    shown = {
        EDITED: ("海林市2020年度政府信息公开工作年度报告", "22406"),
        UNCHANGED: ("海林市2021年政府信息公开工作年度报告", "海林市人民政府"),
    }
    with serve_folder(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            for n, (path, (title, figure)) in enumerate(shown.items()):
                url = two_crawls.url(path)
                html = PAGE.format(wacz="night2.wacz", url=url)
                (site / f"view{n}.html").write_text(html, encoding="utf-8")
                page = browser.new_page(viewport={"width": 1200, "height": 900})
                console: list[str] = []
                page.on("console", lambda m, seen=console: seen.append(f"{m.type}: {m.text}"))
                page.on("pageerror", lambda e, seen=console: seen.append(f"error: {e}"))
                page.goto(f"{base}/view{n}.html")
                text = replayed_text(page, url, title)
                page.screenshot(path=str(tmp_path / f"replayweb-{n}.png"))
                assert text is not None, (url, [f.url for f in page.frames], console[-20:])
                assert figure in text, url
                page.close()
        finally:
            browser.close()


def replayed_text(page: Any, url: str, title: str, timeout: float = 90) -> str | None:
    """The text of the replayed page once it shows ``title`` (None if it never does).

    The viewer's service worker may not yet control the page it was installed from
    (a first-install race of service workers, seen on a busy machine): when no replay
    frame has come after a third of the time, the page is loaded once more, as a
    person would, now under the installed worker.
    """
    deadline = time.monotonic() + timeout
    reload_at = time.monotonic() + timeout / 3
    while time.monotonic() < deadline:
        if reload_at and time.monotonic() > reload_at:
            reload_at = 0
            if not any("mp_/" in f.url for f in page.frames):
                page.reload()
        for frame in page.frames:
            if url in frame.url and "mp_/" in frame.url:
                try:
                    text = str(frame.locator("body").inner_text(timeout=1000))
                except Exception:  # a frame still loading or navigating
                    continue
                if title in text:
                    return text
        page.wait_for_timeout(300)
    return None
