"""Memento (RFC 7089): TimeMaps, the TimeGate, and the links between them.

The service follows the RFC's pattern 2 (a TimeGate of its own, the archived URL
being elsewhere): ``/timegate/<url>`` answers ``Accept-Datetime`` with a 302 to
the nearest memento, ``/timemap/link/<url>`` and ``/timemap/json/<url>`` list
every memento, and each memento (``/raw/<capture id>``, the bytes as fetched)
links back to the original, the TimeGate and the TimeMap.  ``from``/``until``
and ``datetime`` are HTTP-dates, as the RFC asks; the JSON TimeMap has the shape
Memento clients and aggregators use (``original_uri``, ``timegate_uri``,
``timemap_uri``, ``mementos.{first,last,list}``).
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from typing import Any

LINK_FORMAT = "application/link-format"


def parse_time(iso_time: str) -> datetime:
    return datetime.fromisoformat(iso_time.replace("Z", "+00:00"))


def http_date(iso_time: str) -> str:
    return format_datetime(parse_time(iso_time), usegmt=True)


def iso_z(iso_time: str) -> str:
    """``2026-12-01T20:31:18Z``: the datetime form of JSON TimeMaps (whole seconds)."""
    return parse_time(iso_time).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _quote(url: str) -> str:
    """A URI inside ``<…>`` must not end the link early."""
    return url.replace(">", "%3E").replace("<", "%3C")


def parse_accept_datetime(value: str) -> datetime | None:
    """An RFC 1123 date (``Thu, 01 Jan 2021 00:00:00 GMT``), or None when it is not one."""
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@dataclass(frozen=True)
class Urls:
    """Where the service answers for one original URL."""

    base: str
    original: str

    @property
    def timegate(self) -> str:
        return f"{self.base}/timegate/{self.original}"

    @property
    def timemap_link(self) -> str:
        return f"{self.base}/timemap/link/{self.original}"

    @property
    def timemap_json(self) -> str:
        return f"{self.base}/timemap/json/{self.original}"

    def memento(self, capture: dict[str, Any]) -> str:
        return f"{self.base}/raw/{capture['id']}"


def nearest(captures: list[dict[str, Any]], moment: datetime | None) -> dict[str, Any]:
    """The capture closest in time to ``moment`` (the newest when no time is asked);
    a tie goes to the earlier one.  ``captures`` are oldest first and not empty."""
    if moment is None:
        return captures[-1]
    times = [parse_time(c["time"]) for c in captures]
    i = bisect_left(times, moment)
    if i == 0:
        return captures[0]
    if i == len(times):
        return captures[-1]
    before, after = times[i - 1], times[i]
    return captures[i - 1] if moment - before <= after - moment else captures[i]


def _memento_link(urls: Urls, cap: dict[str, Any], rels: list[str]) -> str:
    return (
        f'<{_quote(urls.memento(cap))}>; rel="{" ".join([*rels, "memento"])}"; '
        f'datetime="{http_date(cap["time"])}"'
    )


def original_links(urls: Urls) -> list[str]:
    return [
        f'<{_quote(urls.original)}>; rel="original"',
        f'<{_quote(urls.timegate)}>; rel="timegate"',
    ]


def timemap_links(urls: Urls) -> list[str]:
    return [
        f'<{_quote(urls.timemap_link)}>; rel="timemap"; type="{LINK_FORMAT}"',
        f'<{_quote(urls.timemap_json)}>; rel="timemap"; type="application/json"',
    ]


def timegate_link_header(urls: Urls, captures: list[dict[str, Any]], chosen: dict[str, Any]) -> str:
    """The TimeGate's ``Link``: original, timemaps, first and last, and the one chosen."""
    links = original_links(urls)[:1] + timemap_links(urls)
    first, last = captures[0], captures[-1]
    shown: set[int] = set()
    for cap in (first, chosen, last):
        if cap["id"] in shown:
            continue
        shown.add(cap["id"])
        rels = (["first"] if cap is first else []) + (["last"] if cap is last else [])
        links.append(_memento_link(urls, cap, rels))
    return ", ".join(links)


def memento_link_header(urls: Urls) -> str:
    """A memento's own ``Link``: where its original, TimeGate and TimeMaps are."""
    return ", ".join(original_links(urls) + timemap_links(urls))


def timemap(urls: Urls, self_url: str, captures: list[dict[str, Any]]) -> str:
    links = original_links(urls)
    self_link = f'<{_quote(self_url)}>; rel="self"; type="{LINK_FORMAT}"'
    if captures:
        self_link += (
            f'; from="{http_date(captures[0]["time"])}"; until="{http_date(captures[-1]["time"])}"'
        )
    links.append(self_link)
    for i, cap in enumerate(captures):
        rels = (["first"] if i == 0 else []) + (["last"] if i == len(captures) - 1 else [])
        links.append(_memento_link(urls, cap, rels))
    return ",\n".join(links) + "\n"


def timemap_json(urls: Urls, captures: list[dict[str, Any]]) -> dict[str, Any]:
    """The JSON TimeMap as Memento aggregators give it; ``captures`` keeps our detail."""
    listed = [{"datetime": iso_z(c["time"]), "uri": urls.memento(c)} for c in captures]
    return {
        "original_uri": urls.original,
        "timegate_uri": urls.timegate,
        "timemap_uri": {"link_format": urls.timemap_link, "json_format": urls.timemap_json},
        "mementos": {"first": listed[0], "last": listed[-1], "list": listed},
        "captures": captures,
    }
