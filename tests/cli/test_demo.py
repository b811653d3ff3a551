"""`nianbao demo --changes --serve`: three nights with every kind of alert, then the portal
and the web pages stay up until the person presses Ctrl-C."""

from __future__ import annotations

import json
import os
import re
import signal

import httpx

from tests.conftest import Workspace


def test_demo_changes_then_serves(workspace: Workspace) -> None:
    proc = workspace.popen(
        "demo", "--port", "0", "--changes", "--serve", "--serve-port", "0", "--format", "json"
    )
    assert proc.stderr is not None and proc.stdout is not None
    try:
        lines: list[str] = []
        for line in proc.stderr:
            lines.append(line)
            if line.startswith("serving on "):
                break
        else:
            raise AssertionError("".join(lines))
        stderr = "".join(lines)
        portal = re.search(r"demo portal serving on (http://127\.0\.0\.1:\d+)/", stderr)
        service = re.search(r"serving on (http://127\.0\.0\.1:\d+)/", lines[-1])
        assert portal and service, stderr
        os.set_blocking(proc.stdout.fileno(), False)
        result = json.loads(proc.stdout.read())
        assert [c["crawl_id"] for c in result["crawls"]] == [1, 2, 3]
        kinds = {(a["kind"], a["organ"], a["year"]) for a in result["alerts"]}
        assert kinds == {
            ("revised", "海林市人民政府", 2020),
            ("new", "海林市林业局", 2020),
            ("withdrawn", "海林市人民政府", 2019),
        }
        revised = next(a for a in result["alerts"] if a["kind"] == "revised")
        assert [(c["cell"], c["old"], c["new"]) for c in revised["changed_cells"]] == [
            ("proactive.licensing.decisions", 22306, 22360)
        ]
        # both stay up after the crawls
        page = httpx.get(f"{portal.group(1)}/zwgk/xxgknb/index.html", timeout=10)
        assert page.status_code == 200 and "林业局" in page.text  # the second night's list
        api = httpx.get(f"{service.group(1)}/api/alerts", timeout=10)
        assert api.status_code == 200 and len(api.json()["alerts"]) == 7
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
