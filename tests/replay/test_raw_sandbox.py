"""Archived HTML never runs script on the service's origin (``/raw/<id>``, in Chromium).

The archive holds a report page whose script marks the page, reads the cookies
and local storage it can reach and sends them to ``/api/…``.  Served by
``nianbao serve`` under ``Content-Security-Policy: sandbox`` it must stay inert:
the mark is not set and the browser sends no request to the API, nor anything
carrying the service origin's secrets.  The same bytes served plainly show that
the script is live and that the observation would catch it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.replay.conftest import HOSTILE, HOSTILE_TITLE, TwoCrawls
from tests.replay.static_server import serve_folder
from tests.service.served import CHROMIUM_ARGS, serve

pytestmark = pytest.mark.browser
SECRET = "s3cret-of-the-service"


@pytest.fixture
def service(two_crawls: TwoCrawls) -> Iterator[str]:
    yield from serve(two_crawls.ws)


def test_archived_script_never_runs_on_the_service_origin(
    two_crawls: TwoCrawls, service: str, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    ((capture_id, sha256),) = two_crawls.rows(
        "select id, sha256 from captures where url = ? order by id desc limit 1",
        two_crawls.url(HOSTILE),
    )
    with sync_playwright() as pw:
        if not shutil.which("chromium"):
            pytest.fail("Debian chromium is needed (/usr/bin/chromium)")
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            context.add_cookies([{"name": "nianbao_session", "value": SECRET, "url": service}])
            page = context.new_page()
            page.goto(service + "/")
            page.evaluate(f"localStorage.setItem('nianbao-secret', '{SECRET}')")
            sent: list[str] = []
            page.on("request", lambda r: sent.append(r.url))
            answer = page.goto(f"{service}/raw/{capture_id}")
            assert answer is not None and answer.status == 200
            assert answer.headers["content-security-policy"].startswith("sandbox")
            page.wait_for_load_state("load")
            page.wait_for_timeout(1000)  # time for a script, had it run, to send its request
            assert HOSTILE_TITLE in page.locator("h1").inner_text()  # the page is shown…
            assert page.locator("#probe").inner_text() == "inert"  # …and its script never ran
            assert sent == [f"{service}/raw/{capture_id}"], sent
            assert not any(SECRET in url for url in sent)

            # control: the same archived bytes, served plainly, do run and do call /api/
            plain = tmp_path / "plain"
            plain.mkdir()
            blob = two_crawls.ws.open_archive().get_blob(str(sha256))
            (plain / "report.html").write_bytes(blob)
            with serve_folder(plain) as base:
                other = context.new_page()
                calls: list[str] = []
                other.on("request", lambda r: calls.append(r.url))
                other.goto(base + "/report.html")
                expect(other.locator("#probe")).to_have_text("ran")
                other.wait_for_timeout(1000)
                assert any("/api/captures?url=cookie" in url for url in calls), calls
        finally:
            browser.close()
