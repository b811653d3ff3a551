"""Alert delivery against real servers on 127.0.0.1: a webhook receiver and aiosmtpd."""

from __future__ import annotations

import json
import sqlite3
from email import message_from_bytes, policy
from typing import Any

from nianbao.notify.webhook import verify
from tests.conftest import Workspace
from tests.ports import free_port
from tests.receivers import Receiver
from tests.service.conftest import ALERTS, REPORTS

SECRET = "s3cret-键"


def deliveries(ws: Workspace) -> list[tuple]:
    con = sqlite3.connect(ws.db_file)
    return con.execute(
        "select alert_id, channel, attempts, status, last_error, history from alert_deliveries"
        " order by alert_id"
    ).fetchall()


def test_webhook_signed_retried_and_recorded(archive_copy: Workspace, receiver: Receiver) -> None:
    (archive_copy.root / "nianbao.toml").write_text(
        f'[notify]\nretries = 3\nbackoff = 0.01\nbase_url = "https://nianbao.example.org"\n'
        f'[[notify.webhook]]\nurl = "{receiver.url}"\n'
        f'secret = "{SECRET}"\n',
        encoding="utf-8",
    )
    receiver.fail_next = 2
    run = archive_copy.run("notify", "--format", "json")
    assert run.returncode == 0, run.stderr
    [result] = run.json()["channels"]
    assert (result["delivered"], result["pending"]) == (ALERTS, 0)
    assert len(receiver.posts) == ALERTS + 2  # the first alert took three tries
    for body, signature, _ in receiver.posts:
        assert verify(body, SECRET, signature)
        assert not verify(body, "wrong", signature)
    payloads = [json.loads(b) for b, _, status in receiver.posts if status == 200]
    assert [p["event"] for p in payloads] == ["report.new"] * REPORTS + ["report.revised"]
    revised = payloads[-1]["alert"]
    assert {c["cell"] for c in revised["changed_cells"]} == {
        "proactive.licensing.decisions",
        "proactive.procurement.amount",
    }
    # the same words as the e-mail and the feed, with a link to the diff page
    message = payloads[-1]["message"]
    assert message["subject"].startswith("【报告已修订】海林市人民政府 2020年")
    assert "行政许可 · 处理决定数量：22306 → 22406" in message["text"]
    assert "政府集中采购 · 采购总金额（万元）：2196.24 → 2296.24" in message["summary"]
    link = f"https://nianbao.example.org/report/{revised['report_id']}/diff?a="
    assert message["link"].startswith(link) and message["link"] in message["text"]
    rows = deliveries(archive_copy)
    assert [(r[2], r[3]) for r in rows] == [(3, "delivered")] + [(1, "delivered")] * REPORTS
    history = json.loads(rows[0][5])
    assert [h["status"] for h in history] == [503, 503, 200]
    again = archive_copy.run("notify", "--format", "json")
    assert again.json()["channels"][0]["delivered"] == 0
    assert len(receiver.posts) == ALERTS + 2  # nothing sent twice


def test_failed_webhook_keeps_alerts_pending_until_it_works(
    archive_copy: Workspace, receiver: Receiver
) -> None:
    (archive_copy.root / "nianbao.toml").write_text(
        "[notify]\nretries = 2\nbackoff = 0.01\n", encoding="utf-8"
    )
    archive_copy.env["NIANBAO_WEBHOOK_URL"] = receiver.url  # the environment beats the file
    archive_copy.env["NIANBAO_WEBHOOK_SECRET"] = SECRET
    receiver.down = True
    first = archive_copy.run("notify", "--format", "json")
    assert first.returncode == 0, first.stderr
    assert first.json()["channels"][0]["pending"] == ALERTS
    [row] = deliveries(archive_copy)  # a target down is not hammered alert after alert
    assert row[2:5] == (2, "pending", "HTTP 503 Service Unavailable")
    assert len(receiver.posts) == 2
    receiver.down = False
    second = archive_copy.run("notify", "--format", "json")
    assert second.json()["channels"][0]["delivered"] == ALERTS
    rows = deliveries(archive_copy)
    assert [(r[2], r[3], r[4]) for r in rows] == [(3, "delivered", None)] + [
        (1, "delivered", None)
    ] * REPORTS
    assert len(receiver.posts) == ALERTS + 2


def test_email_through_a_real_smtp_server(archive_copy: Workspace) -> None:
    from aiosmtpd.controller import Controller

    class Collect:
        def __init__(self) -> None:
            self.messages: list[bytes] = []

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
            self.messages.append(envelope.content)
            return "250 OK"

    handler = Collect()
    port = free_port()  # aiosmtpd cannot report a port it picked
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    (archive_copy.root / "nianbao.toml").write_text(
        '[notify.email]\nhost = "127.0.0.1"\nport = 1\nfrom = "nianbao@example.org"\n'
        'to = ["watcher@example.org"]\n',
        encoding="utf-8",
    )
    down = archive_copy.run("notify", "--format", "json")  # nothing listens on port 1
    assert down.returncode == 0, down.stderr
    assert down.json()["channels"][0]["pending"] == ALERTS
    controller.start()
    try:
        toml = (archive_copy.root / "nianbao.toml").read_text(encoding="utf-8")
        (archive_copy.root / "nianbao.toml").write_text(
            toml.replace("port = 1", f"port = {port}"), encoding="utf-8"
        )
        up = archive_copy.run("notify", "--format", "json")
    finally:
        controller.stop()
    assert up.json()["channels"][0]["delivered"] == ALERTS, up.stdout
    mails = [message_from_bytes(m, policy=policy.default) for m in handler.messages]
    assert len(mails) == ALERTS
    subjects = [str(m["Subject"]) for m in mails]
    assert subjects[-1] == "【报告已修订】海林市人民政府 2020年政府信息公开工作年度报告"
    text = mails[-1].get_content()
    assert "行政许可 · 处理决定数量：22306 → 22406" in text
    assert "proactive." not in text  # cells by their Chinese labels, not by id
    # the text comparison leaves the table rows to the cells above
    assert "正文变化（按句比较）：\n（表格部分有 2 行变化" in text
    assert all(m["To"] == "watcher@example.org" for m in mails)


def test_notify_without_channels_exits_2(archive_copy: Workspace) -> None:
    run = archive_copy.run("notify")
    assert run.returncode == 2 and "no channel configured" in run.stderr
    assert "[[notify.webhook]], [[notify.apprise]] or [notify.email]" in run.stderr  # not markup
    (archive_copy.root / "nianbao.toml").write_text(
        '[[notify.webhook]]\nurl = "ftp://x"\n', encoding="utf-8"
    )
    bad = archive_copy.run("notify")
    assert bad.returncode == 2 and "not http(s)" in bad.stderr


def test_withdrawn_alert_wording_and_feed_entry() -> None:
    import xml.etree.ElementTree as ET

    from nianbao.notify.atom import build_feed
    from nianbao.notify.text import body, subject

    alert = {
        "id": 9,
        "kind": "withdrawn",
        "label": "报告已撤下",
        "created_at": "2026-11-24T00:00:00Z",
        "report_id": 3,
        "version_id": None,
        "previous_version": None,
        "year": 2020,
        "organ": "海林市财政局<script>",
        "region_code": "231083",
        "region": "海林市",
        "url": None,
        "changed_cells": [],
        "details": {"reason": "gone", "statuses": [404]},
    }
    assert subject(alert) == "【报告已撤下】海林市财政局<script> 2020年政府信息公开工作年度报告"
    assert "原因：网页已返回 404/410" in body(alert)
    feed = ET.fromstring(build_feed([alert], "http://127.0.0.1/alerts.atom", "http://127.0.0.1"))
    entry = feed.find("{http://www.w3.org/2005/Atom}entry")
    assert (
        entry.find("{http://www.w3.org/2005/Atom}link").get("href") == "http://127.0.0.1/report/3"
    )
    assert "<script>" in entry.findtext("{http://www.w3.org/2005/Atom}title")  # text, escaped
