"""The alerts as an Atom feed (RFC 4287), for feed readers: ``/alerts.atom?region=CODE``.

Built with ElementTree so that every organ name, URL and cell value is
escaped; entry ids are stable (``urn:nianbao:alert:<id>``) so a reader never
shows the same alert twice.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from typing import Any

from nianbao.notify.text import body, report_link, subject, summary

ATOM = "http://www.w3.org/2005/Atom"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
    if text is not None:
        el.text = text
    return el


def build_feed(
    alerts: list[dict[str, Any]],
    self_url: str,
    base_url: str | None = None,
    title: str = "政府信息公开工作年度报告变更提醒",
) -> bytes:
    """The feed, newest entry first; ``updated`` is the newest alert's time."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    _sub(feed, "id", f"urn:nianbao:alerts:{self_url}")
    _sub(feed, "title", title)
    newest = max((a["created_at"] for a in alerts), default=None)
    _sub(feed, "updated", newest or datetime.now(UTC).isoformat().replace("+00:00", "Z"))
    _sub(feed, "link", rel="self", href=self_url, type="application/atom+xml")
    author = _sub(feed, "author")
    _sub(author, "name", "nianbao")
    for alert in sorted(alerts, key=lambda a: (a["created_at"], a["id"]), reverse=True):
        entry = _sub(feed, "entry")
        _sub(entry, "id", f"urn:nianbao:alert:{alert['id']}")
        _sub(entry, "title", subject(alert))
        _sub(entry, "updated", alert["created_at"])
        _sub(entry, "published", alert["created_at"])
        _sub(entry, "category", term=alert["kind"], label=alert["label"])
        if alert.get("region_code"):
            _sub(entry, "category", term=f"region:{alert['region_code']}")
        link = report_link(alert, base_url) or alert.get("url")
        if link:
            _sub(entry, "link", rel="alternate", href=link)
        if alert.get("url"):
            _sub(entry, "link", rel="via", href=alert["url"])
        _sub(entry, "summary", summary(alert), type="text")
        _sub(entry, "content", body(alert, base_url), type="text")
    xml: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + xml
