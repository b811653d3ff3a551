"""One message for many alerts (digest mode): the same words as a single alert, stacked.

A digest goes out once per run and channel; each alert in it is still recorded (and,
when the message fails, retried next run) on its own.
"""

from __future__ import annotations

import json
from typing import Any

from nianbao.notify import text

#: alerts written out in full in one digest; the rest are counted, with a link
MAX_IN_FULL = 30


def subject(alerts: list[dict[str, Any]]) -> str:
    if len(alerts) == 1:
        return text.subject(alerts[0])
    kinds: dict[str, int] = {}
    for a in alerts:
        kinds[a["label"]] = kinds.get(a["label"], 0) + 1
    counts = "，".join(f"{label} {n}" for label, n in kinds.items())
    return f"【年报变化】{len(alerts)} 条提醒：{counts}"


def body(alerts: list[dict[str, Any]], base_url: str | None = None) -> str:
    if len(alerts) == 1:
        return text.body(alerts[0], base_url)
    parts = [subject(alerts), ""]
    parts += [f"{n}. {text.summary(a)}" for n, a in enumerate(alerts, 1)]
    for n, alert in enumerate(alerts[:MAX_IN_FULL], 1):
        parts += ["", f"—— {n} ——", text.body(alert, base_url).rstrip("\n")]
    if len(alerts) > MAX_IN_FULL:
        more = f"…… 另有 {len(alerts) - MAX_IN_FULL} 条"
        parts += ["", more + (f"，见 {base_url}/alerts.atom" if base_url else "")]
    return "\n".join(parts) + "\n"


def webhook_payload(alerts: list[dict[str, Any]], base_url: str | None = None) -> bytes:
    """The webhook digest: each alert's own payload under ``alerts``, and the words."""
    from nianbao.notify.webhook import payload_bytes

    return json.dumps(
        {
            "event": "digest",
            "alerts": [json.loads(payload_bytes(a, base_url)) for a in alerts],
            "message": {"subject": subject(alerts), "text": body(alerts, base_url)},
        },
        ensure_ascii=False,
        sort_keys=True,
    ).encode("utf-8")
