"""``nianbao reparse``: a parser fix gives new versions exactly where the meaning changed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select, update

import parsers
from archive.archive import open_archive
from archive.db import open_database
from archive.models import Alert, ReportVersion
from ingest.reparse import reparse, version_key
from nianbao.demo.hailin_portal import demo_sites
from nianbao.demo.server import PortalServers
from tests.conftest import Workspace, make_workspace


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    """The demo portal crawled once; each test works on a copy."""
    ws = make_workspace(tmp_path_factory.mktemp("crawled"))
    with PortalServers(demo_sites(), port=0) as servers:
        seeds = ws.seeds(
            [("231083", "海林市", "county", "231000", servers.url("127.0.0.1", "/index.html"))]
        )
        run = ws.run("crawl", "--seeds", str(seeds), "--format", "json")
    assert run.returncode == 0, run.stderr
    yield ws


@pytest.fixture
def copy(crawled: Workspace, tmp_path: Path) -> Workspace:
    for name in ("nianbao.db", "archive"):
        src = crawled.root / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    return make_workspace(tmp_path)


def counts(ws: Workspace) -> tuple[int, dict[str, int]]:
    sessions = open_database(f"sqlite:///{ws.db_file}")
    with sessions() as s:
        versions = s.scalar(select(func.count()).select_from(ReportVersion)) or 0
        kinds = dict(s.execute(select(Alert.kind, func.count()).group_by(Alert.kind)).all())
    return versions, kinds


def test_reparse_with_the_same_parser_changes_nothing(copy: Workspace) -> None:
    before = counts(copy)
    run = copy.run("reparse", "--format", "json")
    assert run.returncode == 0, run.stderr
    out = run.json()
    assert out["documents"] > 0 and out["reparsed"] == 0 and out["new"] == 0
    assert out["skipped_current"] == out["documents"]
    assert counts(copy) == before


def test_a_parser_fix_gives_new_versions_exactly_where_cells_changed(
    copy: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A newer parser that reads one report's one cell differently: one version, one alert."""
    before_versions, before_alerts = counts(copy)
    original = parsers.read_isolated
    fixed: list[str] = []

    def fixed_reader(
        data: bytes, name: str, limits: Any = None, text_encoding: str | None = None
    ) -> tuple[dict[str, Any] | None, parsers.ParseError | None, str | None]:
        # the worker's reading, then the fix (this test's code, in this process)
        out, error, text = original(data, name, limits, text_encoding)
        if out is None:
            return out, error, text
        if out.get("year") == 2020 and "财政" not in (out.get("organ") or ""):
            cells: dict[str, Any] = out["cells"]  # type: ignore[assignment]
            key = next(k for k, v in sorted(cells.items()) if v is not None)
            cells[key] = (cells[key] or 0) + 1
            fixed.append(name)
        out["flags"] = [*out.get("flags", []), "parsed_by_the_fix"]  # type: ignore[misc]
        return out, error, text

    monkeypatch.setattr(parsers, "PARSER_VERSION", "99.0.0")
    monkeypatch.setattr(parsers, "read_isolated", fixed_reader)
    sessions = open_database(f"sqlite:///{copy.db_file}")
    read_blob = open_archive(copy.archive).get_blob
    summary = reparse(sessions, read_blob)
    assert len(fixed) == 1 and summary.outcomes["reparsed"] == 1, (fixed, summary)
    assert not summary.failures
    versions, alerts = counts(copy)
    assert versions == before_versions + 1
    assert alerts == before_alerts | {"reparsed": 1}  # and no other alert
    with sessions() as s:
        newest: dict[int | None, ReportVersion] = {}
        for v in s.scalars(select(ReportVersion).order_by(ReportVersion.id)):
            newest[v.document_id] = v
    # every document's newest version is the fix's reading (same meaning: refreshed in place)
    assert newest and all(v.parser_version == "99.0.0" for v in newest.values())
    assert all("parsed_by_the_fix" in (v.parsed or {}).get("flags", []) for v in newest.values())
    # a second run finds everything current
    again = reparse(sessions, read_blob)
    assert again.outcomes["reparsed"] == 0 and again.skipped_current == again.documents


def test_parser_version_below_limits_the_documents(copy: Workspace) -> None:
    run = copy.run("reparse", "--parser-version-below", "0.0.1", "--format", "json")
    assert run.returncode == 0, run.stderr
    assert run.json()["skipped_current"] == run.json()["documents"]
    assert version_key("0.2.10") > version_key("0.2.9") > version_key(None)


def test_reparse_parses_under_the_limits_of_nianbao_toml(copy: Workspace) -> None:
    """The archive's bytes are as hostile as the crawl's: ``[limits]`` bounds a reparse too,
    and a document refused under them is named and keeps its versions."""
    sessions = open_database(f"sqlite:///{copy.db_file}")
    with sessions() as s:  # as if an older parser had read them all
        s.execute(update(ReportVersion).values(parser_version="0.0.1"))
        s.commit()
    before = counts(copy)
    (copy.root / "nianbao.toml").write_text("[limits]\ntable_columns = 2\n", encoding="utf-8")
    run = copy.run("reparse", "--format", "json")
    assert run.returncode == 0, run.stderr
    out = run.json()
    assert out["skipped_current"] < out["documents"]
    refused = [f for f in out["failures"] if "columns wide (limit 2)" in f["error"]]
    assert refused, out
    assert out["reparsed"] == 0 and out["new"] == 0
    assert counts(copy) == before
