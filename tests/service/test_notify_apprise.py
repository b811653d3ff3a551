"""Apprise as a channel (json:// and form:// to a real receiver on 127.0.0.1), and the
digest mode: one message per run and channel, every alert in it recorded."""

from __future__ import annotations

import json
import sqlite3
import threading
from urllib.parse import parse_qs

from tests.conftest import Workspace
from tests.receivers import Receiver
from tests.service.conftest import ALERTS, REPORTS


def rows(ws: Workspace) -> list[tuple[str, str, str]]:
    con = sqlite3.connect(ws.db_file)
    return con.execute(
        "select channel, target, status from alert_deliveries order by channel, alert_id"
    ).fetchall()


def apprise_url(receiver: Receiver, scheme: str = "json") -> str:
    return receiver.url.replace("http://", f"{scheme}://")


def test_apprise_delivers_each_alert_and_keeps_failures_pending(
    archive_copy: Workspace, receiver: Receiver
) -> None:
    (archive_copy.root / "nianbao.toml").write_text(
        "[notify]\nretries = 2\nbackoff = 0.01\n"
        f'[[notify.apprise]]\nname = "值班群"\nurl = "{apprise_url(receiver)}"\n',
        encoding="utf-8",
    )
    receiver.down = True
    down = archive_copy.run("notify", "--format", "json")
    assert down.returncode == 0, down.stderr
    [result] = down.json()["channels"]
    assert (result["channel"], result["target"]) == ("apprise", "值班群")
    assert (result["delivered"], result["pending"]) == (0, ALERTS)
    assert len(receiver.posts) == 2  # two tries, then the target is left for the next run
    assert "503" in result["errors"][0] or "JSON" in result["errors"][0]
    receiver.down = False
    up = archive_copy.run("notify", "--format", "json")
    assert up.json()["channels"][0]["delivered"] == ALERTS, up.stdout
    sent = [json.loads(body) for body, _, status in receiver.posts if status == 200]
    assert len(sent) == ALERTS
    titles = [m["title"] for m in sent]
    assert titles[-1] == "【报告已修订】海林市人民政府 2020年政府信息公开工作年度报告"
    assert "行政许可 · 处理决定数量：22306 → 22406" in sent[-1]["message"]
    # the URL (which carries a service's token) is never stored, only the name
    assert {(c, t) for c, t, _ in rows(archive_copy)} == {("apprise", "值班群")}
    again = archive_copy.run("notify", "--format", "json")
    assert again.json()["channels"][0]["delivered"] == 0
    assert len([p for p in receiver.posts if p[2] == 200]) == ALERTS


def test_digest_one_message_per_channel(archive_copy: Workspace, receiver: Receiver) -> None:
    form = Receiver()
    threading.Thread(target=form.serve_forever, daemon=True).start()
    try:
        (archive_copy.root / "nianbao.toml").write_text(
            '[notify]\ndigest = true\nbase_url = "https://nianbao.example.org"\n'
            f'[[notify.webhook]]\nurl = "{receiver.url}"\n'
            f'[[notify.apprise]]\nurl = "{apprise_url(form, "form")}"\n',
            encoding="utf-8",
        )
        run = archive_copy.run("notify", "--format", "json")
        assert run.returncode == 0, run.stderr
        results = {r["channel"]: r for r in run.json()["channels"]}
        assert {k: (r["delivered"], r["pending"]) for k, r in results.items()} == {
            "webhook": (ALERTS, 0),
            "apprise": (ALERTS, 0),
        }
        [(body, _, _)] = receiver.posts  # one POST for every alert
        hook = json.loads(body)
        assert hook["event"] == "digest"
        assert [a["event"] for a in hook["alerts"]] == ["report.new"] * REPORTS + ["report.revised"]
        assert (
            hook["message"]["subject"]
            == f"【年报变化】{ALERTS} 条提醒：新报告 {REPORTS}，报告已修订 1"
        )
        [(posted, _, _)] = form.posts
        fields = parse_qs(posted.decode("utf-8"))
        assert fields["title"] == [hook["message"]["subject"]]
        assert "22306 → 22406" in fields["message"][0]
        assert "https://nianbao.example.org/report/" in fields["message"][0]
        assert [s for _, _, s in rows(archive_copy)] == ["delivered"] * (2 * ALERTS)
        # --each overrides the file: nothing is pending, so nothing is sent
        each = archive_copy.run("notify", "--each", "--format", "json")
        assert all(r["delivered"] == 0 for r in each.json()["channels"])
        assert len(receiver.posts) == 1 and len(form.posts) == 1
    finally:
        form.shutdown()
        form.server_close()
