"""``nianbao regions``: list the registry, import it idempotently, add seeds with their parents."""

from __future__ import annotations

import sqlite3

from tests.conftest import Workspace


def test_list_import_and_add_seeds(workspace: Workspace) -> None:
    listed = workspace.run("regions", "list", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    data = listed.json()
    assert data["vintage"] >= 2024 and data["source"]
    codes = {r["code"]: r for r in data["regions"]}
    assert codes["231083"]["name"] == "海林市" and not codes["231083"]["in_db"]
    assert all(r["valid_to"] is None for r in data["regions"])  # retired codes only on request
    retired = workspace.run("regions", "list", "--retired", "--format", "json").json()
    assert len(retired["regions"]) > len(data["regions"])

    first = workspace.run("regions", "import", "--format", "json")
    assert first.returncode == 0, first.stderr
    assert first.json()["added"] == len(retired["regions"])
    again = workspace.run("regions", "import", "--format", "json").json()
    assert again == {"added": 0, "updated": 0, "portals": 0}

    seeds = workspace.seeds(
        [("230103001", "花园街道", "township", "230103", "http://127.0.0.30/")], "town.csv"
    )
    added = workspace.run("regions", "add-seeds", str(seeds), "--format", "json")
    assert added.returncode == 0, added.stderr
    assert added.json() == {"added": 1, "updated": 0, "portals": 1}
    town = workspace.run("regions", "list", "--parent", "230103", "--format", "json").json()
    assert [(r["code"], r["url"], r["in_db"]) for r in town["regions"]] == [
        ("230103001", "http://127.0.0.30/", True)
    ]
    con = sqlite3.connect(workspace.db_file)
    assert con.execute("select count(*) from portals where url like '%127.0.0.30%'").fetchone() == (
        1,
    )


def test_bad_seeds_file_exits_2(workspace: Workspace) -> None:
    bad = workspace.root / "bad.csv"
    bad.write_text("code,name\n1,x\n", encoding="utf-8")
    run = workspace.run("regions", "add-seeds", str(bad))
    assert run.returncode == 2 and "header" in run.stderr
