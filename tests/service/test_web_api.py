"""The web service through FastAPI's TestClient: JSON API, TimeMaps, raw bytes, Atom, pages."""

from __future__ import annotations

import hashlib
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from archive.archive import blob_key, open_archive
from nianbao.config import Settings
from nianbao.web.app import create_app
from tests.service.conftest import ALERTS, REPORTS, History

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def client(history: History) -> Iterator[TestClient]:
    settings = Settings(
        db_url=f"sqlite:///{history.root / 'nianbao.db'}", archive_dir=history.root / "archive"
    )
    with TestClient(create_app(settings)) as c:
        yield c


def revised_report(client: TestClient) -> dict:
    [alert] = [a for a in client.get("/api/alerts").json()["alerts"] if a["kind"] == "revised"]
    return client.get(f"/api/reports/{alert['report_id']}").json()


def test_openapi_lists_the_api(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/api/captures", "/timemap/link/{url}", "/raw/{capture_id}", "/alerts.atom"):
        assert path in paths
    assert "/region/{code}" not in paths  # pages are for people, not in the API document


def test_captures_by_url_as_json_and_timemap(client: TestClient, history: History) -> None:
    data = client.get("/api/captures", params={"url": history.report_url}).json()
    caps = data["captures"]
    assert len(caps) == 2 and caps[0]["sha256"] != caps[1]["sha256"]
    assert "blob" not in caps[0] and "/" not in caps[0]["warc"]["file"]  # no server paths
    assert client.get(f"/timemap/json/{history.report_url}").json()["captures"] == caps
    link = client.get(f"/timemap/link/{history.report_url}")
    assert link.status_code == 200
    assert link.headers["content-type"].startswith("application/link-format")
    lines = link.text.strip().split(",\n")
    assert lines[0] == f'<{history.report_url}>; rel="original"'
    assert lines[1].endswith(f'/timegate/{history.report_url}>; rel="timegate"')
    assert 'rel="self"' in lines[2] and "from=" in lines[2] and "until=" in lines[2]
    assert f"/raw/{caps[0]['id']}>" in lines[3] and 'rel="first memento"' in lines[3]
    assert f"/raw/{caps[1]['id']}>" in lines[4] and 'rel="last memento"' in lines[4]
    assert 'datetime="' in lines[4] and lines[4].endswith('GMT"')
    assert client.get("/timemap/link/http://127.0.0.1/never-crawled").status_code == 404
    assert client.get("/api/captures", params={"url": "ftp://x"}).status_code == 400


def test_raw_capture_served_safely_and_verified(client: TestClient, history: History) -> None:
    caps = client.get("/api/captures", params={"url": history.report_url}).json()["captures"]
    raw = client.get(f"/raw/{caps[-1]['id']}")
    assert raw.status_code == 200
    assert hashlib.sha256(raw.content).hexdigest() == caps[-1]["sha256"]
    assert raw.headers["content-type"] == caps[-1]["content_type"]
    policy = [d.strip() for d in raw.headers["content-security-policy"].split(";")]
    assert policy[0] == "sandbox" and "default-src 'none'" in policy
    assert not [d for d in policy if "'self'" in d or "*" in d or "http" in d]
    assert raw.headers["x-content-type-options"] == "nosniff"
    assert raw.headers["memento-datetime"].endswith("GMT")
    assert client.get("/raw/999999").status_code == 404
    robots = client.get(
        "/api/captures", params={"url": history.report_url.split("/zwgk")[0] + "/robots.txt"}
    )
    plain = client.get(f"/raw/{robots.json()['captures'][0]['id']}")
    assert plain.headers["content-type"] == "text/plain"  # as archived: no charset made up
    head = client.head(f"/raw/{caps[-1]['id']}")
    assert (
        head.status_code == 200
        and head.headers["content-security-policy"] == raw.headers["content-security-policy"]
    )


def test_raw_refuses_a_corrupted_blob(history: History, tmp_path) -> None:
    import shutil

    root = tmp_path / "copy"
    shutil.copytree(history.root, root)
    settings = Settings(db_url=f"sqlite:///{root / 'nianbao.db'}", archive_dir=root / "archive")
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        cap = c.get("/api/captures", params={"url": history.report_url}).json()["captures"][0]
        open_archive(root / "archive").storage.put_bytes(
            blob_key(cap["sha256"]), b"<script>alert(1)</script>", if_absent=False
        )
        bad = c.get(f"/raw/{cap['id']}")
    assert bad.status_code == 500 and "script" not in bad.text


def test_reports_by_region_versions_and_diff(client: TestClient) -> None:
    region = client.get("/api/regions/海林市/reports").json()
    assert region["region"]["code"] == "231083"
    assert sorted(r["year"] for r in region["reports"]) == [2019, 2020, 2020, 2021]
    assert client.get("/api/regions/231083/reports", params={"year": 2021}).json()["reports"]
    assert client.get("/api/regions/nowhere/reports").status_code == 404
    assert client.get("/api/regions", params={"q": "海林"}).json()["regions"][0]["code"] == "231083"
    report = revised_report(client)
    a, b = (v["version_id"] for v in report["versions"])
    diff = client.get(f"/api/reports/{report['report_id']}/diff", params={"a": a, "b": b}).json()
    changed = {c["cell"]: (c["a"], c["b"]) for c in diff["cells"] if c["changed"]}
    assert changed == {
        "proactive.licensing.decisions": (22306, 22406),
        "proactive.procurement.amount": (2196.24, 2296.24),
    }
    assert diff["changed"] == 2 and len(diff["cells"]) > 100
    one = client.get(f"/api/reports/{report['report_id']}/versions/{a}").json()
    assert one["report"]["cells"]["proactive.licensing.decisions"] == 22306
    assert client.get(f"/api/reports/{report['report_id']}/diff?a={a}&b=999999").status_code == 404


def test_alerts_json_and_atom_by_region(client: TestClient) -> None:
    alerts = client.get("/api/alerts").json()["alerts"]
    assert [a["kind"] for a in alerts] == ["new"] * REPORTS + ["revised"]
    assert client.get("/api/alerts", params={"since": "2999-01-01"}).json()["alerts"] == []
    assert client.get("/api/alerts", params={"since": "soon"}).status_code == 400
    atom = client.get("/alerts.atom", params={"region": "231083"})
    assert atom.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(atom.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == ALERTS
    first = entries[0]  # newest first
    assert first.findtext(f"{ATOM}title").startswith("【报告已修订】海林市人民政府 2020年")
    assert "22306 → 22406" in first.findtext(f"{ATOM}content")
    assert "/diff?a=" in first.find(f"{ATOM}link[@rel='alternate']").get("href")
    assert len({e.findtext(f"{ATOM}id") for e in entries}) == ALERTS
    assert client.get("/alerts.atom", params={"region": "nowhere"}).status_code == 404


def test_pages_in_chinese(client: TestClient) -> None:
    home = client.get("/")
    assert "查找地区" in home.text and "报告已修订" in home.text
    assert "行政许可 · 处理决定数量：22306 → 22406；政府集中采购" in home.text
    found = client.get("/search", params={"q": "海林"}, follow_redirects=False)
    assert found.status_code == 303 and found.headers["location"] == "/region/231083"
    region = client.get("/region/231083")
    assert "2020 年度" in region.text and "海林市财政局" in region.text
    report = revised_report(client)
    page = client.get(f"/report/{report['report_id']}")
    assert "比较所选两个版本" in page.text and "行政许可 · 处理决定数量" in page.text
    a, b = (v["version_id"] for v in report["versions"])
    diff = client.get(f"/report/{report['report_id']}/diff", params={"a": a, "b": b})
    assert "共 <strong>2</strong> 项数据变化" in diff.text
    assert diff.text.count('class="changed"') == 2
    assert client.get(f"/search?q={quote('不存在')}").status_code == 200
    missing = client.get("/report/999999")
    assert missing.status_code == 404 and "出错了" in missing.text
    assert "出错了" in client.get("/no/such/page").text
    assert client.get("/api/no/such").json() == {"detail": "Not Found"}


def test_serve_on_a_busy_port_fails_with_one_line(shared) -> None:
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.3", 0))
        busy.listen()
        run = shared.run("serve", "--host", "127.0.0.3", "--port", str(busy.getsockname()[1]))
    assert run.returncode == 1 and run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 1 and "cannot listen" in run.stderr


def test_pages_show_beijing_time() -> None:
    from nianbao.web.pages import beijing_time

    assert beijing_time("2026-11-24T20:44:13.822043Z") == "2026-11-25 04:44"
    assert beijing_time(None) == "—"
