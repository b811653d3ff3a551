"""Apprise: one channel for DingTalk, WeCom, Feishu, Telegram, Slack, ntfy … by URL.

Apprise (PyPI ``apprise``) turns a URL such as ``dingtalk://token/`` into a message
on that service.  It answers only "sent or not", so a failure is recorded with the
last warning Apprise logged, and tried again like a webhook: ``retries`` times with
back-off, then left pending for the next run.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import UTC, datetime

from nianbao.config import AppriseTarget
from nianbao.notify.webhook import Attempt, with_retries


def send_once(target: AppriseTarget, title: str, body: str, timeout: float) -> Attempt:
    import apprise

    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    asset = apprise.AppriseAsset(async_mode=False)
    client = apprise.Apprise(asset=asset)
    if not client.add(target.url):
        return Attempt(now, False, 400, f"{target.name}: not an Apprise URL Apprise can use")
    for service in client:
        service.socket_connect_timeout = service.socket_read_timeout = timeout
    with apprise.LogCapture(level=logging.WARNING) as log:  # type: ignore[no-untyped-call]
        sent = client.notify(title=title, body=body, body_format=apprise.NotifyFormat.TEXT)
    if sent:
        return Attempt(now, True, 200)
    lines = [line.split(" - ", 2)[-1].strip() for line in log.getvalue().splitlines()]
    lines = [line for line in lines if line]
    # Apprise logs no status code: treat every failure as the service being down
    return Attempt(now, False, None, lines[-1] if lines else "Apprise could not send")


def send(
    target: AppriseTarget,
    title: str,
    body: str,
    retries: int = 4,
    backoff: float = 1.0,
    timeout: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Attempt]:
    return with_retries(
        lambda: send_once(target, title, body, timeout),
        lambda a: a.status == 400,  # a URL Apprise cannot use stays unusable
        retries,
        backoff,
        sleep,
    )
