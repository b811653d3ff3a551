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

from archive.alerts_query import QUIET_KINDS, list_alerts
from archive.models import Alert, AlertDelivery
from nianbao.config import AppriseTarget, EmailTarget, NotifySettings, WebhookTarget
from nianbao.notify import apprise_push, digest, email, webhook
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
    loud = Alert.kind.not_in(QUIET_KINDS)
    return list(
        session.scalars(select(Alert.id).where(Alert.id.not_in(done), loud).order_by(Alert.id))
    )


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


#: a channel's way of sending: one message for the given alerts (one, or a digest)
Sender = Callable[[list[dict[str, Any]]], list[Attempt]]


def channels_of(
    settings: NotifySettings, sleep: Callable[[float], None] = time.sleep
) -> list[tuple[str, str, Sender]]:
    """(channel, target, sender) for every configured target."""
    base = settings.base_url
    out: list[tuple[str, str, Sender]] = []
    for hook in settings.webhooks:

        def post(alerts: list[dict[str, Any]], h: WebhookTarget = hook) -> list[Attempt]:
            if len(alerts) == 1 and not settings.digest:
                body = webhook.payload_bytes(alerts[0], base)
            else:
                body = digest.webhook_payload(alerts, base)
            return webhook.send_body(
                h, body, settings.retries, settings.backoff, settings.timeout, sleep
            )

        out.append(("webhook", hook.url, post))
    if settings.email is not None:
        mail: EmailTarget = settings.email

        def mail_them(alerts: list[dict[str, Any]], m: EmailTarget = mail) -> list[Attempt]:
            return [email.send_many(m, alerts, base, settings.timeout, settings.digest)]

        out.append(("email", ",".join(mail.to), mail_them))
    for target in settings.apprise:

        def push(alerts: list[dict[str, Any]], t: AppriseTarget = target) -> list[Attempt]:
            return apprise_push.send(
                t,
                digest.subject(alerts),
                digest.body(alerts, base),
                settings.retries,
                settings.backoff,
                settings.timeout,
                sleep,
            )

        out.append(("apprise", target.name, push))
    return out


def deliver_pending(
    sessions: sessionmaker[Session],
    settings: NotifySettings,
    sleep: Callable[[float], None] = time.sleep,
) -> list[dict[str, Any]]:
    """One pass over every channel; returns per target how many were delivered and pending.

    In digest mode each channel gets one message with all its pending alerts, and
    every alert in it is recorded with that message's attempts.
    """
    results = []
    for channel, target, send in channels_of(settings, sleep):
        result = ChannelResult(channel, target)
        with sessions() as session:
            pending = pending_alert_ids(session, channel, target)
            batches = [pending] if settings.digest and pending else [[i] for i in pending]
            target_down = False
            for ids in batches:
                if target_down:  # not tried again this run: it waits, pending, for the next
                    result.failed += len(ids)
                    continue
                alerts = attach_text_changes(session, list_alerts(session, ids=ids))
                attempts = send(alerts)
                rows = [record(session, i, channel, target, attempts) for i in ids]
                session.commit()
                if rows[-1].status == "delivered":
                    result.delivered += len(ids)
                else:
                    result.failed += len(ids)
                    result.errors.append(f"alert {', '.join(map(str, ids))}: {rows[-1].last_error}")
                    target_down = _unreachable(attempts[-1])
        results.append(result.as_dict())
    return results
