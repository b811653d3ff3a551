"""The nightly crawl under APScheduler (``nianbao schedule``); see the versions issue for the rest."""

from __future__ import annotations

DEFAULT_TIME = "02:00"
DEFAULT_TIMEZONE = "Asia/Shanghai"
