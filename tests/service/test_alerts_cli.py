"""``nianbao alerts`` on an archive with a revision: kinds, changed cells, filters, bad input."""

from __future__ import annotations

from tests.conftest import Workspace
from tests.service.conftest import ALERTS, REPORTS, History


def test_alerts_list_new_and_revised_with_changed_cells(
    shared: Workspace, history: History
) -> None:
    run = shared.run("alerts", "--format", "json")
    assert run.returncode == 0, run.stderr
    alerts = run.json()
    assert [a["kind"] for a in alerts] == ["new"] * REPORTS + ["revised"]
    revised = alerts[-1]
    assert revised["url"] == history.report_url
    assert revised["organ"] == "海林市人民政府" and revised["year"] == 2020
    assert revised["region_code"] == "231083"
    changed = {c["cell"]: (c["old"], c["new"]) for c in revised["changed_cells"]}
    assert changed == {
        "proactive.licensing.decisions": (22306, 22406),
        "proactive.procurement.amount": (2196.24, 2296.24),
    }
    removed = [line for line in revised["text_diff"] if line.startswith("-") and "22306" in line]
    added = [line for line in revised["text_diff"] if line.startswith("+") and "22406" in line]
    assert len(removed) == len(added) == 1  # and a text diff, for the words around the cells
    assert revised["previous_version"] is not None
    assert revised["version_id"] != revised["previous_version"]


def test_alerts_filters_by_time_and_region(shared: Workspace) -> None:
    every = shared.run("alerts", "--format", "json").json()
    last = every[-1]["created_at"]
    since = shared.run("alerts", "--since", last, "--format", "json").json()
    assert [a["kind"] for a in since] == ["revised"]
    assert shared.run("alerts", "--since", "2999-01-01", "--format", "json").json() == []
    by_name = shared.run("alerts", "--region", "海林市", "--format", "json").json()
    assert len(by_name) == ALERTS
    by_code = shared.run("alerts", "--region", "231083", "--format", "json")
    assert by_code.returncode == 0, by_code.stderr
    assert by_code.json() == by_name
    text = shared.run("alerts")
    assert "revised" in text.stdout and "22306 → 22406" in text.stdout


def test_alerts_bad_input_exits_2_with_one_line(shared: Workspace) -> None:
    bad_time = shared.run("alerts", "--since", "yesterday", "--format", "json")
    assert bad_time.returncode == 2 and bad_time.stdout == ""
    assert "--since" in bad_time.stderr and len(bad_time.stderr.strip().splitlines()) == 1
    bad_region = shared.run("alerts", "--region", "不存在的地方", "--format", "json")
    assert bad_region.returncode == 2 and "unknown region" in bad_region.stderr
