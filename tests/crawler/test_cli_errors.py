"""Bad input gives one clear line and exit status 2 (cli.md)."""

from __future__ import annotations

from tests.conftest import Workspace


def test_missing_seeds_file(workspace: Workspace) -> None:
    run = workspace.run("crawl", "--seeds", "no-such-seeds.csv")
    assert run.returncode == 2
    assert "no-such-seeds.csv: cannot read" in run.stderr
    assert "Traceback" not in run.stderr


def test_malformed_seeds_file_names_the_line(workspace: Workspace) -> None:
    path = workspace.root / "bad.csv"
    path.write_text(
        "code,name,level,parent_code,url\n231083,海林市,county,231000,ftp://x\n", encoding="utf-8"
    )
    run = workspace.run("crawl", "--seeds", str(path))
    assert run.returncode == 2
    assert "bad.csv:2" in run.stderr and "url" in run.stderr


def test_bad_database_url(workspace: Workspace) -> None:
    seeds = workspace.seeds([("231083", "海林市", "county", "231000", "http://127.0.0.3:9/")])
    run = workspace.run("crawl", "--seeds", str(seeds), "--db", "nosuchdb://x")
    assert run.returncode == 2
    assert "database" in run.stderr.lower() and "Traceback" not in run.stderr
    run = workspace.run(
        "lookup", "url", "http://127.0.0.1/", "--db", "postgresql+psycopg://nobody@127.0.0.1:1/x"
    )
    assert run.returncode == 2 and "cannot open database" in run.stderr


def test_lookup_unknown_region(workspace: Workspace) -> None:
    run = workspace.run("lookup", "region", "不存在市")
    assert run.returncode == 2 and "unknown region" in run.stderr
