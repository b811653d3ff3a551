"""``nianbao lookup region`` on names shared by several regions; ``nianbao overdue`` end to end."""

from __future__ import annotations

from tests.conftest import Workspace


def test_shared_name_lists_candidates_and_exits_2(workspace: Workspace) -> None:
    run = workspace.run("lookup", "region", "南山区")
    assert run.returncode == 2
    assert "230404  黑龙江省鹤岗市南山区" in run.stdout
    assert "440305  广东省深圳市南山区" in run.stdout
    assert "names 2 regions" in run.stderr
    as_json = workspace.run("lookup", "region", "向阳区", "--format", "json")
    assert as_json.returncode == 2
    assert {c["full_name"] for c in as_json.json()["candidates"]} == {
        "黑龙江省鹤岗市向阳区",
        "黑龙江省佳木斯市向阳区",
    }
    for key in ("鹤岗市南山区", "黑龙江省鹤岗市南山区", "230404"):
        found = workspace.run("lookup", "region", key, "--format", "json")
        assert found.returncode == 0, found.stderr
        assert found.json()["region"]["code"] == "230404"


def test_overdue_lists_and_alerts_once(workspace: Workspace) -> None:
    seeds = workspace.seeds(
        [
            ("231083", "海林市", "county", "231000", "http://127.0.0.61/"),
            ("230804", "前进区", "county", "230800", "http://127.0.0.62/"),
        ]
    )
    assert workspace.run("regions", "add-seeds", str(seeds)).returncode == 0
    early = workspace.run("overdue", "--year", "2025", "--at", "2026-03-31T23:00:00+08:00",
                          "--format", "json")  # fmt: skip
    assert early.returncode == 0, early.stderr
    assert early.json()["overdue"] == []
    for _ in range(2):
        late = workspace.run("overdue", "--at", "2026-04-01T00:00:00+08:00", "--format", "json")
        assert late.returncode == 0, late.stderr
    items = late.json()["overdue"]
    assert {(i["region_code"], i["organ"], i["year"]) for i in items} == {
        ("231083", "海林市人民政府", 2025),
        ("230804", "前进区人民政府", 2025),
    }
    assert all(i["last_crawled"] is None and i["deadline"] == "2026-03-31T16:00:00Z" for i in items)
    alerts = workspace.run("alerts", "--format", "json").json()
    assert sorted((a["kind"], a["region_code"], a["year"]) for a in alerts) == [
        ("overdue", "230804", 2025),
        ("overdue", "231083", 2025),
    ]
    assert alerts[0]["organ"].endswith("人民政府") and alerts[0]["report_id"] is None
    region = workspace.run("overdue", "--region", "海林市", "--year", "2025", "--format", "json")
    assert [i["region_code"] for i in region.json()["overdue"]] == ["231083"]
