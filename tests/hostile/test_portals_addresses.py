"""Private, loopback and link-local addresses are refused unless a seed names the very host."""

from __future__ import annotations

import asyncio
import socket

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response

from crawler.addresses import AddressPolicy
from crawler.middlewares.offsite import Offsite, PortalHostsMiddleware, RedirectLoop
from crawler.middlewares.redirects import OFFSITE_REFRESH, MetaRefreshGuard, RedirectGuard
from crawler.portal import PortalRef


async def system_resolve(host: str) -> str:
    """The machine's own resolver (``localhost`` is in /etc/hosts)."""
    return await asyncio.to_thread(socket.gethostbyname, host)


@pytest.mark.parametrize(
    ("host", "refused"),
    [
        ("127.0.0.61", None),  # the seed names it
        ("127.0.0.62", "loopback address 127.0.0.62"),  # the rest of loopback is not seeded
        ("localhost", "loopback address 127.0.0.1"),  # a name resolving to loopback
        ("::1", "loopback address ::1"),
        ("::ffff:127.0.0.59", "loopback address 127.0.0.59"),
        ("169.254.169.254", "link-local address 169.254.169.254"),  # cloud metadata
        ("10.1.2.3", "private address 10.1.2.3"),
        ("192.168.0.1", "private address 192.168.0.1"),
        ("0.0.0.0", "private address 0.0.0.0"),
        ("8.8.8.8", None),
        ("no-such-host.invalid", None),  # unresolvable: the download itself fails
    ],
)
def test_address_policy(host: str, refused: str | None) -> None:
    policy = AddressPolicy(["127.0.0.61"], resolve=system_resolve)
    assert asyncio.run(policy.refused(host)) == refused


def test_robots_txt_and_its_redirects_are_judged_by_the_portal_that_asked() -> None:
    portal = PortalRef("239901", "甲区", "county", "239900", "http://127.0.0.61:8000/index.html")
    mw = PortalHostsMiddleware()
    mw.policy.seed_hosts.add(portal.host)
    page = Request("http://127.0.0.61:8000/nb/", meta={"portal": portal.as_meta()})
    assert asyncio.run(mw.process_request(page)) is None
    robots = Request("http://127.0.0.61:8000/robots.txt", meta={"dont_obey_robotstxt": True})
    assert asyncio.run(mw.process_request(robots)) is None
    moved = robots.replace(url="http://127.0.0.59:8000/x?y=/robots.txt")
    moved.meta["redirect_urls"] = [robots.url]
    with pytest.raises(Offsite, match="redirect to http://127.0.0.59"):
        asyncio.run(mw.process_request(moved))
    stray = Request("http://127.0.0.59:8000/robots.txt")  # no portal asked for this host
    with pytest.raises(Offsite, match="belongs to no portal"):
        asyncio.run(mw.process_request(stray))


def _redirect(request: Request, location: str) -> Response:
    return Response(request.url, status=302, headers={"Location": location}, request=request)


def test_redirect_guard_names_loops_and_refuses_offsite_targets() -> None:
    portal = PortalRef("239906", "己区", "county", "239900", "http://127.0.0.66:8000/index.html")
    guard = RedirectGuard(max_times=20)
    home = Request(portal.url, meta={"portal": portal.as_meta(), "role": "home"})
    assert guard.process_response(home, _redirect(home, "/home/")) is not None
    again = home.replace(url="http://127.0.0.66:8000/home/")
    again.meta["redirect_urls"] = [home.url, again.url, home.url]
    with pytest.raises(RedirectLoop, match="redirect loop"):
        guard.process_response(again, _redirect(again, "/index.html"))
    with pytest.raises(Offsite, match="off the portal"):
        guard.process_response(home, _redirect(home, "//127.0.0.59:8000/x"))
    endless = home.replace(url="http://127.0.0.66:8000/a?n=21")
    endless.meta["redirect_urls"] = [f"http://127.0.0.66:8000/a?n={n}" for n in range(21)]
    with pytest.raises(RedirectLoop, match="more than 20 redirects"):
        guard.process_response(endless, _redirect(endless, "/a?n=22"))


def test_an_offsite_meta_refresh_keeps_the_page_and_is_not_followed() -> None:
    portal = PortalRef("239905", "戊区", "county", "239900", "http://127.0.0.65:8000/index.html")
    guard = MetaRefreshGuard(["noscript"], 100)
    page = Request("http://127.0.0.65:8000/nb/2021.html", meta={"portal": portal.as_meta()})
    body = (
        b'<html><head><meta http-equiv="refresh" content="0;url=http://127.0.0.59/s"></head></html>'
    )
    response = HtmlResponse(page.url, body=body, request=page)
    assert guard.process_response(page, response) is response
    assert page.meta["dont_redirect"] and page.meta[OFFSITE_REFRESH] == "http://127.0.0.59/s"
    onsite = Request("http://127.0.0.65:8000/a.html", meta={"portal": portal.as_meta()})
    body = b'<html><head><meta http-equiv="refresh" content="0;url=/b.html"></head></html>'
    guard.process_response(onsite, HtmlResponse(onsite.url, body=body, request=onsite))
    assert "dont_redirect" not in onsite.meta  # followed by Scrapy as usual
    b = "http://127.0.0.65:8000/b.html"
    onsite.meta["redirect_urls"] = [b, onsite.url, b]  # a → b → a → b → a
    body = b'<html><head><meta http-equiv="refresh" content="0;url=/b.html"></head></html>'
    with pytest.raises(RedirectLoop, match="meta refresh loop"):
        guard.process_response(onsite, HtmlResponse(onsite.url, body=body, request=onsite))
