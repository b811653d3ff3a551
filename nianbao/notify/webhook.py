"""Webhooks: each alert POSTed as JSON, signed, retried with exponential back-off.

The receiver checks ``X-Nianbao-Signature: sha256=<hex>``, the HMAC-SHA256
of the exact body bytes under the shared secret, so it can trust the alert
came from this archive.  A 2xx answer is delivery; a connection error, a 5xx,
408 or 429 is worth another try after ``backoff·2ⁿ`` seconds; any other answer
would not change by asking again.  Every attempt is returned for the record.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from nianbao.config import WebhookTarget
from nianbao.notify import text

SIGNATURE_HEADER = "X-Nianbao-Signature"
RETRYABLE = {408, 425, 429}


def sign(body: bytes, secret: str) -> str:
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def verify(body: bytes, secret: str, header: str | None) -> bool:
    """For receivers (and tests): does the header match the body under the secret?"""
    return header is not None and hmac.compare_digest(sign(body, secret), header)


@dataclass(frozen=True)
class Attempt:
    at: str
    ok: bool
    status: int | None = None
    error: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {"at": self.at, "ok": self.ok, "status": self.status, "error": self.error}


def payload_bytes(alert: dict[str, Any], base_url: str | None = None) -> bytes:
    """The alert as data, and as words: the same subject, text and link as e-mail and Atom."""
    message = {
        "subject": text.subject(alert),
        "summary": text.summary(alert),
        "text": text.body(alert, base_url),
        "link": text.report_link(alert, base_url),
    }
    return json.dumps(
        {"event": f"report.{alert['kind']}", "alert": alert, "message": message},
        ensure_ascii=False,
        sort_keys=True,
    ).encode("utf-8")


def post_once(target: WebhookTarget, body: bytes, timeout: float) -> Attempt:
    now = datetime.now(UTC).isoformat().replace("+00:00", "Z")
    request = urllib.request.Request(target.url, data=body, method="POST")
    request.add_header("Content-Type", "application/json; charset=utf-8")
    request.add_header("User-Agent", "nianbao-webhook/1")
    if target.secret:
        request.add_header(SIGNATURE_HEADER, sign(body, target.secret))
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (configured URL)
            return Attempt(now, 200 <= response.status < 300, response.status)
    except urllib.error.HTTPError as exc:
        return Attempt(now, False, exc.code, f"HTTP {exc.code} {exc.reason}")
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        return Attempt(now, False, None, f"{type(exc).__name__}: {reason}")


def send(
    target: WebhookTarget,
    alert: dict[str, Any],
    retries: int = 4,
    backoff: float = 1.0,
    timeout: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
    base_url: str | None = None,
) -> list[Attempt]:
    """POST one alert, retrying while it is worth it; every attempt, last one last."""
    return send_body(target, payload_bytes(alert, base_url), retries, backoff, timeout, sleep)


def send_body(
    target: WebhookTarget,
    body: bytes,
    retries: int = 4,
    backoff: float = 1.0,
    timeout: float = 10.0,
    sleep: Callable[[float], None] = time.sleep,
) -> list[Attempt]:
    """POST ``body`` (one alert's payload or a digest), retrying while it is worth it."""

    def final(a: Attempt) -> bool:
        return a.status is not None and a.status < 500 and a.status not in RETRYABLE

    return with_retries(lambda: post_once(target, body, timeout), final, retries, backoff, sleep)


def with_retries(
    once: Callable[[], Attempt],
    final: Callable[[Attempt], bool],
    retries: int,
    backoff: float,
    sleep: Callable[[float], None],
) -> list[Attempt]:
    """Try up to ``retries`` times with doubling back-off, until success or a ``final`` failure."""
    attempts: list[Attempt] = []
    for n in range(retries):
        if n:
            sleep(backoff * 2 ** (n - 1))
        attempt = once()
        attempts.append(attempt)
        if attempt.ok or final(attempt):
            break
    return attempts
