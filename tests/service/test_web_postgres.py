"""The web service's lookups on the real PostgreSQL server."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from archive.db import open_database
from nianbao.config import Settings
from nianbao.web.app import create_app

BENCH_DATA = Path(__file__).parents[2] / "benchmarks" / "bench_data.py"


def bench_data():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("bench_data", BENCH_DATA)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.postgres
def test_api_lookups_on_postgres(pg_url: str, tmp_path: Path) -> None:
    keys = bench_data().build(open_database(pg_url), 600)
    app = create_app(Settings(db_url=pg_url, archive_dir=tmp_path))
    with TestClient(app) as client:
        url = keys["urls"][0]
        caps = client.get("/api/captures", params={"url": url}).json()["captures"]
        assert len(caps) == 1 and caps[0]["url"] == url
        link = client.get(f"/timemap/link/{url}")
        assert link.status_code == 200 and 'rel="first last memento"' in link.text
        missing = client.get(f"/raw/{caps[0]['id']}")  # metadata only: no bytes archived
        assert missing.status_code == 404 and "not in the archive" in missing.json()["detail"]
        region = client.get(f"/api/regions/{keys['prefectures'][0]}/reports").json()
        assert len(region["reports"]) == 11 * 5 * 5  # the prefecture's organs and its counties'
        assert all(r["report"]["cells"] for r in region["reports"])
        assert client.get("/api/alerts").json() == {"alerts": []}
        # the pages' own queries (an organ's years, the counties of a year) on PostgreSQL
        report_id = region["reports"][0]["report_id"]
        page = client.get(f"/report/{report_id}")
        assert page.status_code == 200 and "本机关各年度报告" in page.text
        trends = client.get(f"/region/{keys['prefectures'][0]}")
        assert trends.status_code == 200 and 'id="chart-requests"' in trends.text
        compare = client.get(f"/region/{keys['prefectures'][0]}/compare")
        assert compare.status_code == 200 and compare.text.count("<tr data-code=") == 10
    app.state.sessions.kw["bind"].dispose()
