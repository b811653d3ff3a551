"""E-mail over SMTP: one plain-text message per alert, in Chinese, UTF-8.

One message per alert (not a digest) so that each alert's delivery is
recorded, and retried, on its own.
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


def send(
    target: EmailTarget, alert: dict[str, Any], base_url: str | None = None, timeout: float = 10.0
) -> Attempt:
    """Hand one alert's message to the SMTP server; the outcome as one attempt."""
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    try:
        with smtplib.SMTP(target.host, target.port, timeout=timeout) as smtp:
            if target.starttls:
                smtp.starttls()
            if target.user and target.password:
                smtp.login(target.user, target.password)
            refused = smtp.send_message(message(target, alert, base_url))
    except (smtplib.SMTPException, OSError) as exc:
        return Attempt(now, False, None, f"{type(exc).__name__}: {exc}")
    if refused:
        return Attempt(now, False, None, f"recipients refused: {', '.join(sorted(refused))}")
    return Attempt(now, True, 250)
