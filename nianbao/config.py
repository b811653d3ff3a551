"""Where settings come from, read in one place: flags → environment → nianbao.toml → defaults."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_DB = "sqlite:///nianbao-data/nianbao.db"
DEFAULT_ARCHIVE = "nianbao-data/archive"
CONFIG_FILE = "nianbao.toml"


class ConfigError(Exception):
    """A setting is malformed (one-line message)."""


@dataclass(frozen=True)
class Settings:
    db_url: str
    archive_dir: Path
    schedule_time: str = "02:00"
    schedule_timezone: str = "Asia/Shanghai"
    obey_robots: bool = True


def _toml(cwd: Path) -> dict[str, object]:
    path = cwd / CONFIG_FILE
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc


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
        archive_dir=Path(archive_dir),
        schedule_time=str(sched.get("time", "02:00")),
        schedule_timezone=str(sched.get("timezone", "Asia/Shanghai")),
        obey_robots=bool(file.get("obey_robots", True)),
    )
