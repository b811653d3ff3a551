"""The Memento TimeGate and TimeMaps (RFC 7089 pattern 2), by hand and through a
Memento client library (PyPI ``memento_client``) against the real ``nianbao serve``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest
from memento_client import MementoClient

from nianbao.web.memento import parse_time
from tests.conftest import Workspace
from tests.service.conftest import History


@pytest.fixture(scope="module")
def service(history: History) -> Iterator[str]:
    from tests.conftest import make_workspace

    ws: Workspace = make_workspace(history.root)
    proc = ws.popen("serve", "--port", "0")
    assert proc.stderr is not None
    line = proc.stderr.readline()
    found = re.search(r"serving on (http://127\.0\.0\.1:\d+)/", line)
    assert found, line + (proc.stderr.read() if proc.poll() is not None else "")
    yield found.group(1)
    proc.terminate()
    proc.wait(timeout=30)


def captures(base: str, url: str) -> list[dict]:
    return httpx.get(f"{base}/api/captures", params={"url": url}).json()["captures"]


def gmt(moment: datetime) -> str:
    return format_datetime(moment, usegmt=True)


def links(header: str) -> dict[str, list[str]]:
    """rel → the URIs with that rel in a Link header."""
    out: dict[str, list[str]] = {}
    for uri, params in re.findall(r"<([^>]*)>((?:;[^,<]*)*)", header):
        rel = re.search(r'rel="([^"]*)"', params)
        for r in rel.group(1).split() if rel else []:
            out.setdefault(r, []).append(uri)
    return out


def test_timegate_by_hand(service: str, history: History) -> None:
    caps = captures(service, history.report_url)
    assert len(caps) == 2
    first, last = (parse_time(c["time"]) for c in caps)
    gate = f"{service}/timegate/{history.report_url}"
    cases = [
        (first - timedelta(days=400), caps[0]),  # before everything: the first
        (first + (last - first) / 4, caps[0]),  # nearer the first
        (last - (last - first) / 4, caps[1]),  # nearer the last
        (last + timedelta(days=1), caps[1]),
    ]
    for moment, want in cases:
        r = httpx.get(gate, headers={"Accept-Datetime": gmt(moment)}, follow_redirects=False)
        assert r.status_code == 302, r.text
        assert r.headers["location"] == f"{service}/raw/{want['id']}"
        assert r.headers["vary"].lower() == "accept-datetime"
        rels = links(r.headers["link"])
        assert rels["original"] == [history.report_url]
        assert f"{service}/timemap/link/{history.report_url}" in rels["timemap"]
        assert rels["first"] == [f"{service}/raw/{caps[0]['id']}"]
        assert rels["last"] == [f"{service}/raw/{caps[1]['id']}"]
    latest = httpx.get(gate, follow_redirects=False)  # no Accept-Datetime: the newest
    assert latest.status_code == 302 and latest.headers["location"].endswith(
        f"/raw/{caps[1]['id']}"
    )
    memento = httpx.get(latest.headers["location"])  # the memento links back
    assert memento.status_code == 200 and "memento-datetime" in memento.headers
    back = links(memento.headers["link"])
    assert back["original"] == [history.report_url] and back["timegate"] == [gate]
    bad = httpx.get(gate, headers={"Accept-Datetime": "last tuesday"})
    assert bad.status_code == 400
    head = httpx.head(gate, headers={"Accept-Datetime": gmt(first)})
    assert head.status_code == 302


def test_timemaps_advertise_the_timegate_and_unknown_is_404(service: str, history: History) -> None:
    caps = captures(service, history.report_url)
    link = httpx.get(f"{service}/timemap/link/{history.report_url}")
    rels = links(link.text)
    assert rels["timegate"] == [f"{service}/timegate/{history.report_url}"]
    data = httpx.get(f"{service}/timemap/json/{history.report_url}").json()
    assert data["original_uri"] == history.report_url
    assert data["timegate_uri"] == f"{service}/timegate/{history.report_url}"
    assert data["timemap_uri"]["link_format"] == f"{service}/timemap/link/{history.report_url}"
    listed = data["mementos"]["list"]
    assert [m["uri"] for m in listed] == [f"{service}/raw/{c['id']}" for c in caps]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", m["datetime"]) for m in listed)
    assert data["mementos"]["first"] == listed[0] and data["mementos"]["last"] == listed[-1]
    never = "http://127.0.0.1/never-crawled"
    for path in ("timemap/link", "timemap/json", "timegate"):
        assert httpx.get(f"{service}/{path}/{never}").status_code == 404, path


def test_memento_client_library(service: str, history: History) -> None:
    from urllib.parse import urlsplit

    from nianbao.demo.hailin_portal import demo_sites
    from nianbao.demo.server import PortalServers

    caps = captures(service, history.report_url)
    first = parse_time(caps[0]["time"])
    # the client asks the original URL first (is it a memento? a native TimeGate?): the
    # portal is live again at the address it was crawled from
    portal = PortalServers(demo_sites(), port=urlsplit(history.report_url).port or 80)
    with portal:
        client = MementoClient(timegate_uri=f"{service}/timegate/")
        info = client.get_memento_info(history.report_url, first - timedelta(days=30))
        later = client.get_memento_info(history.report_url, datetime.now() + timedelta(days=1))
        native = client.get_native_timegate_uri(history.report_url, datetime.now())
    mementos = info["mementos"]
    assert mementos["closest"]["uri"] == [f"{service}/raw/{caps[0]['id']}"]
    assert mementos["first"]["uri"] == [f"{service}/raw/{caps[0]['id']}"]
    assert mementos["last"]["uri"] == [f"{service}/raw/{caps[1]['id']}"]
    assert info["original_uri"] == history.report_url
    assert later["mementos"]["closest"]["uri"] == [f"{service}/raw/{caps[1]['id']}"]
    assert native is None  # the portal itself is no TimeGate: pattern 2, the archive is
