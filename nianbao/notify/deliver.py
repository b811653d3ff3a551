"""Deliver every undelivered alert to every configured channel, and record each attempt.

An alert is undelivered for a target until a delivery row for that alert,
channel and target says ``delivered``.  The row is written (and committed)
after each alert, so a failure, or a crash half way, never loses an alert:
the next run finds it still pending and tries again.  A target that is down
(refused, timed out, 5xx after its retries) is left alone for the rest of the
run rather than retried alert after alert.  A target added later receives
the backlog.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from archive.alerts_query import list_alerts
from archive.models import Alert, AlertDelivery
from nianbao.config import NotifySettings
from nianbao.notify import email, webhook
from nianbao.notify.webhook import Attempt
from nianbao.notify.wording import attach_text_changes


@dataclass
class ChannelResult:
    channel: str
    target: str
    delivered: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "channel": self.channel,
            "target": self.target,
            "delivered": self.delivered,
            "pending": self.failed,
            "errors": self.errors[:10],
        }


def pending_alert_ids(session: Session, channel: str, target: str) -> list[int]:
    done = select(AlertDelivery.alert_id).where(
        AlertDelivery.channel == channel,
        AlertDelivery.target == target,
        AlertDelivery.status == "delivered",
    )
    return list(session.scalars(select(Alert.id).where(Alert.id.not_in(done)).order_by(Alert.id)))


def record(
    session: Session, alert_id: int, channel: str, target: str, attempts: list[Attempt]
) -> AlertDelivery:
    row = session.scalars(
        select(AlertDelivery).where(
            AlertDelivery.alert_id == alert_id,
            AlertDelivery.channel == channel,
            AlertDelivery.target == target,
        )
    ).first()
    if row is None:
        row = AlertDelivery(alert_id=alert_id, channel=channel, target=target, attempts=0)
        row.history = []
        session.add(row)
    row.attempts = (row.attempts or 0) + len(attempts)
    row.history = [*(row.history or []), *(a.as_dict() for a in attempts)]
    last = attempts[-1]
    if last.ok:
        row.status, row.last_error, row.delivered_at = "delivered", None, datetime.now(UTC)
    else:
        row.status, row.last_error = "pending", last.error
    return row


def _unreachable(attempt: Attempt) -> bool:
    """A refused connection or a server error says the target is down, not this alert bad."""
    return attempt.status is None or attempt.status >= 500 or attempt.status in webhook.RETRYABLE


def deliver_pending(
    sessions: sessionmaker[Session],
    settings: NotifySettings,
    sleep: Callable[[float], None] = time.sleep,
) -> list[dict[str, Any]]:
    """One pass over every channel; returns per target how many were delivered and pending."""
    channels: list[tuple[str, str, Callable[[dict[str, Any]], list[Attempt]]]] = []
    for hook in settings.webhooks:
        channels.append(
            (
                "webhook",
                hook.url,
                lambda a, h=hook: webhook.send(  # type: ignore[misc]
                    h,
                    a,
                    settings.retries,
                    settings.backoff,
                    settings.timeout,
                    sleep,
                    settings.base_url,
                ),
            )
        )
    mail = settings.email
    if mail is not None:
        target = ",".join(mail.to)
        channels.append(
            ("email", target, lambda a: [email.send(mail, a, settings.base_url, settings.timeout)])
        )
    results = []
    for channel, target, send in channels:
        result = ChannelResult(channel, target)
        with sessions() as session:
            target_down = False
            for alert_id in pending_alert_ids(session, channel, target):
                if target_down:  # not tried again this run: it waits, pending, for the next
                    result.failed += 1
                    continue
                alert = attach_text_changes(session, list_alerts(session, ids=[alert_id]))[0]
                attempts = send(alert)
                row = record(session, alert_id, channel, target, attempts)
                session.commit()
                if row.status == "delivered":
                    result.delivered += 1
                else:
                    result.failed += 1
                    result.errors.append(f"alert {alert_id}: {row.last_error}")
                    target_down = _unreachable(attempts[-1])
        results.append(result.as_dict())
    return results
