"""E-mail over SMTP: plain-text messages in Chinese, UTF-8.

One message per alert by default, so that each alert's delivery is recorded
and retried on its own; in digest mode one message per run with them all.
"""

from __future__ import annotations

import smtplib
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from typing import Any

from nianbao.config import EmailTarget
from nianbao.notify.text import body, subject
from nianbao.notify.webhook import Attempt


def message(target: EmailTarget, alert: dict[str, Any], base_url: str | None) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"] = subject(alert)
    msg["From"] = target.sender
    msg["To"] = ", ".join(target.to)
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(idstring=f"alert-{alert['id']}", domain="nianbao.invalid")
    msg["X-Nianbao-Alert"] = f"{alert['id']} {alert['kind']}"
    msg.set_content(body(alert, base_url))
    return msg


def digest_message(
    target: EmailTarget, alerts: list[dict[str, Any]], base_url: str | None
) -> EmailMessage:
    """Several alerts in one message (digest mode)."""
    from nianbao.notify import digest

    msg = EmailMessage()
    msg["Subject"] = digest.subject(alerts)
    msg["From"] = target.sender
    msg["To"] = ", ".join(target.to)
    msg["Date"] = format_datetime(datetime.now(UTC))
    first, last = alerts[0]["id"], alerts[-1]["id"]
    msg["Message-ID"] = make_msgid(idstring=f"alerts-{first}-{last}", domain="nianbao.invalid")
    msg["X-Nianbao-Alert"] = " ".join(f"{a['id']} {a['kind']}" for a in alerts)
    msg.set_content(digest.body(alerts, base_url))
    return msg


def send(
    target: EmailTarget, alert: dict[str, Any], base_url: str | None = None, timeout: float = 10.0
) -> Attempt:
    """Hand one alert's message to the SMTP server; the outcome as one attempt."""
    return send_many(target, [alert], base_url, timeout, digest=False)


def send_many(
    target: EmailTarget,
    alerts: list[dict[str, Any]],
    base_url: str | None = None,
    timeout: float = 10.0,
    digest: bool = True,
) -> Attempt:
    """One message for ``alerts`` (the single alert's own when there is one)."""
    if len(alerts) == 1 and not digest:
        msg = message(target, alerts[0], base_url)
    else:
        msg = digest_message(target, alerts, base_url)
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    try:
        with smtplib.SMTP(target.host, target.port, timeout=timeout) as smtp:
            if target.starttls:
                smtp.starttls()
            if target.user and target.password:
                smtp.login(target.user, target.password)
            refused = smtp.send_message(msg)
    except (smtplib.SMTPException, OSError) as exc:
        return Attempt(now, False, None, f"{type(exc).__name__}: {exc}")
    if refused:
        return Attempt(now, False, None, f"recipients refused: {', '.join(sorted(refused))}")
    return Attempt(now, True, 250)
