"""Where settings come from, read in one place: flags → environment → nianbao.toml → defaults."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from parsers.limits import ParseLimits

DEFAULT_DB = "sqlite:///nianbao-data/nianbao.db"
DEFAULT_ARCHIVE = "nianbao-data/archive"
CONFIG_FILE = "nianbao.toml"


class ConfigError(Exception):
    """A setting is malformed (one-line message)."""


@dataclass(frozen=True)
class Settings:
    db_url: str
    #: the archive: a folder (a Path) or an ``s3://BUCKET/PREFIX`` URL (kept as a string)
    archive_dir: Path | str
    schedule_time: str = "02:00"
    schedule_timezone: str = "Asia/Shanghai"
    obey_robots: bool = True
    #: what one document may cost to parse: ``[limits]`` (names as in ParseLimits)
    limits: ParseLimits = field(default_factory=ParseLimits)


def _toml(cwd: Path) -> dict[str, object]:
    path = cwd / CONFIG_FILE
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


def archive_setting(value: str | Path) -> Path | str:
    """A folder becomes a Path; an ``s3://`` URL stays a string (a Path would mangle it)."""
    text = str(value)
    if text.startswith("s3://"):
        if len(text) <= len("s3://") or text[5] == "/":
            raise ConfigError(f"archive {text!r}: give s3://BUCKET/PREFIX")
        return text
    if "://" in text:
        raise ConfigError(f"archive {text!r}: a folder or s3://BUCKET/PREFIX")
    return Path(text)


def load_settings(
    db: str | None = None, archive: str | Path | None = None, cwd: Path | None = None
) -> Settings:
    """Resolve every setting by precedence; flags win, then env, then the file, then defaults."""
    cwd = cwd or Path.cwd()
    file = _toml(cwd)
    db_url = db or os.environ.get("NIANBAO_DB") or str(file.get("db") or DEFAULT_DB)
    archive_dir = (
        archive or os.environ.get("NIANBAO_ARCHIVE") or str(file.get("archive") or DEFAULT_ARCHIVE)
    )
    sched = file.get("schedule") if isinstance(file.get("schedule"), dict) else {}
    assert isinstance(sched, dict)
    return Settings(
        db_url=db_url,
        archive_dir=archive_setting(archive_dir),
        schedule_time=str(sched.get("time", "02:00")),
        schedule_timezone=str(sched.get("timezone", "Asia/Shanghai")),
        obey_robots=bool(file.get("obey_robots", True)),
        limits=_limits(file.get("limits", {})),
    )


def _limits(table: object) -> ParseLimits:
    if not isinstance(table, dict):
        raise ConfigError(f"{CONFIG_FILE}: [limits] must be a table")
    try:
        return ParseLimits.from_mapping(table)
    except ValueError as exc:
        raise ConfigError(f"{CONFIG_FILE}: in the limits table: {exc}") from None


# --- alert delivery: [[notify.webhook]] and [notify.email] -------------------------------


@dataclass(frozen=True)
class WebhookTarget:
    url: str
    secret: str | None = None


@dataclass(frozen=True)
class EmailTarget:
    host: str
    port: int
    sender: str
    to: tuple[str, ...]
    starttls: bool = False
    user: str | None = None
    password: str | None = None


@dataclass(frozen=True)
class AppriseTarget:
    """An Apprise URL (dingtalk://, wecom://, feishu://, tgram://, json://, …).

    ``name`` identifies the target in the delivery records and in output, so the
    URL, which usually carries the channel's token, is never stored or printed.
    """

    url: str
    name: str


@dataclass(frozen=True)
class NotifySettings:
    """Where alerts go.  The environment (one webhook, one SMTP server) beats nianbao.toml."""

    webhooks: tuple[WebhookTarget, ...] = ()
    email: EmailTarget | None = None
    apprise: tuple[AppriseTarget, ...] = ()
    #: one message per run and channel with every pending alert, instead of one per alert
    digest: bool = False
    #: tries per webhook and alert in one run, waiting backoff·2ⁿ seconds between them
    retries: int = 4
    backoff: float = 1.0
    timeout: float = 10.0
    #: where ``nianbao serve`` is reachable, for links in messages (optional)
    base_url: str | None = None


def _webhook(entry: object) -> WebhookTarget:
    if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
        raise ConfigError(f'{CONFIG_FILE}: each [[notify.webhook]] needs url = "http(s)://…"')
    url = entry["url"]
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"{CONFIG_FILE}: webhook url {url!r} is not http(s)")
    secret = entry.get("secret")
    if secret is None and entry.get("secret_env"):
        secret = os.environ.get(str(entry["secret_env"]))
    return WebhookTarget(url, None if secret is None else str(secret))


def _email(entry: dict[str, object]) -> EmailTarget:
    to = entry.get("to")
    recipients = (to,) if isinstance(to, str) else tuple(str(t) for t in (to or ()))  # type: ignore[attr-defined]
    if not entry.get("host") or not entry.get("from") or not recipients:
        raise ConfigError(f"{CONFIG_FILE}: [notify.email] needs host, from and to")
    try:
        port = int(str(entry.get("port", 25)))
    except ValueError:
        raise ConfigError(f"{CONFIG_FILE}: [notify.email] port must be a number") from None
    return EmailTarget(
        host=str(entry["host"]),
        port=port,
        sender=str(entry["from"]),
        to=recipients,
        starttls=bool(entry.get("starttls", False)),
        user=str(entry["user"]) if entry.get("user") else None,
        password=os.environ.get("NIANBAO_SMTP_PASSWORD") or entry.get("password"),  # type: ignore[arg-type]
    )


def _apprise(entry: object, n: int) -> AppriseTarget:
    if isinstance(entry, str):
        entry = {"url": entry}
    if not isinstance(entry, dict):
        raise ConfigError(f'{CONFIG_FILE}: each [[notify.apprise]] needs url = "scheme://…"')
    url = entry.get("url")
    if url is None and entry.get("url_env"):
        url = os.environ.get(str(entry["url_env"]))
        if not url:
            raise ConfigError(
                f"{CONFIG_FILE}: [[notify.apprise]] url_env {entry['url_env']} is unset"
            )
    if not isinstance(url, str) or "://" not in url:
        raise ConfigError(f'{CONFIG_FILE}: each [[notify.apprise]] needs url = "scheme://…"')
    return AppriseTarget(url, str(entry.get("name") or f"apprise-{n}"))


def _flag(value: object) -> bool:
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def load_notify_settings(cwd: Path | None = None) -> NotifySettings:
    """Channels from NIANBAO_WEBHOOK_URL/_SECRET and NIANBAO_SMTP_* first, then nianbao.toml."""
    notify = _toml(cwd or Path.cwd()).get("notify") or {}
    if not isinstance(notify, dict):
        raise ConfigError(f"{CONFIG_FILE}: [notify] must be a table")
    env = os.environ
    if env.get("NIANBAO_WEBHOOK_URL"):
        hooks = [
            _webhook(
                {"url": env["NIANBAO_WEBHOOK_URL"], "secret": env.get("NIANBAO_WEBHOOK_SECRET")}
            )
        ]
    else:
        raw = notify.get("webhook") or []
        hooks = [_webhook(h) for h in (raw if isinstance(raw, list) else [raw])]
    email = None
    if env.get("NIANBAO_SMTP_HOST"):
        email = _email(
            {
                "host": env["NIANBAO_SMTP_HOST"],
                "port": env.get("NIANBAO_SMTP_PORT", 25),
                "from": env.get("NIANBAO_SMTP_FROM"),
                "to": [t.strip() for t in env.get("NIANBAO_SMTP_TO", "").split(",") if t.strip()],
            }
        )
    elif isinstance(notify.get("email"), dict):
        email = _email(notify["email"])
    if env.get("NIANBAO_APPRISE_URL"):
        targets = [_apprise({"url": env["NIANBAO_APPRISE_URL"], "name": "apprise-env"}, 1)]
    else:
        raw_apprise = notify.get("apprise") or []
        entries = raw_apprise if isinstance(raw_apprise, list) else [raw_apprise]
        targets = [_apprise(a, n) for n, a in enumerate(entries, 1)]
    digest = notify.get("digest", False)
    if env.get("NIANBAO_NOTIFY_DIGEST"):
        digest = env["NIANBAO_NOTIFY_DIGEST"]
    try:
        return NotifySettings(
            webhooks=tuple(hooks),
            email=email,
            apprise=tuple(targets),
            digest=_flag(digest),
            retries=max(1, int(notify.get("retries", 4))),
            backoff=float(notify.get("backoff", 1.0)),
            timeout=float(notify.get("timeout", 10.0)),
            base_url=str(notify["base_url"]).rstrip("/") if notify.get("base_url") else None,
        )
    except (TypeError, ValueError):
        raise ConfigError(
            f"{CONFIG_FILE}: [notify] retries, backoff, timeout must be numbers"
        ) from None
