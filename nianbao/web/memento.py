"""Memento (RFC 7089) TimeMaps: every capture of a URL as ``application/link-format``.

Each memento links to ``/raw/<capture id>``, the archived bytes as fetched;
``from``/``until`` bound the captures' times, in HTTP-date form as the RFC asks.
"""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from typing import Any

LINK_FORMAT = "application/link-format"


def http_date(iso_time: str) -> str:
    return format_datetime(datetime.fromisoformat(iso_time.replace("Z", "+00:00")), usegmt=True)


def _quote(url: str) -> str:
    """A URI inside ``<…>`` must not end the link early."""
    return url.replace(">", "%3E").replace("<", "%3C")


def timemap(original: str, self_url: str, raw_base: str, captures: list[dict[str, Any]]) -> str:
    links = [f'<{_quote(original)}>; rel="original"']
    self_link = f'<{_quote(self_url)}>; rel="self"; type="{LINK_FORMAT}"'
    if captures:
        self_link += (
            f'; from="{http_date(captures[0]["time"])}"; until="{http_date(captures[-1]["time"])}"'
        )
    links.append(self_link)
    for i, cap in enumerate(captures):
        rel = ["first"] if i == 0 else []
        rel += ["last"] if i == len(captures) - 1 else []
        rel.append("memento")
        links.append(
            f'<{raw_base}/raw/{cap["id"]}>; rel="{" ".join(rel)}"; '
            f'datetime="{http_date(cap["time"])}"'
        )
    return ",\n".join(links) + "\n"
