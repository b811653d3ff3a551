"""The crawl stays on each portal's own hosts."""

from __future__ import annotations

import pytest
from scrapy import Request
from scrapy.exceptions import IgnoreRequest

from crawler.middlewares.offsite import PortalHostsMiddleware
from crawler.portal import PortalRef, host_allowed


@pytest.mark.parametrize(
    ("portal", "url", "allowed"),
    [
        ("www.hailin.gov.cn", "http://www.hailin.gov.cn/zwgk/", True),
        ("www.hailin.gov.cn", "http://xxgk.hailin.gov.cn/nb/1.html", True),
        ("www.hailin.gov.cn", "http://hailin.gov.cn/", True),
        ("www.hailin.gov.cn", "http://www.hailin-gov.cn.example.com/", False),
        ("www.hailin.gov.cn", "http://www.mudanjiang.gov.cn/", False),
        ("www.hailin.gov.cn", "http://hailin.gov.cn.spam.com/", False),
        ("127.0.0.1", "http://127.0.0.1:8765/a.html", True),
        ("127.0.0.1", "http://127.0.0.99:8765/a.html", False),
    ],
)
def test_host_allowed(portal: str, url: str, allowed: bool) -> None:
    assert host_allowed(portal, url) is allowed


def test_middleware_drops_offsite_requests_and_redirects() -> None:
    import asyncio

    portal = PortalRef("231083", "海林市", "county", "231000", "http://www.hailin.gov.cn/")
    mw = PortalHostsMiddleware()
    mw.policy.seed_hosts.add(portal.host)
    ok = Request("http://www.hailin.gov.cn/zwgk/", meta={"portal": portal.as_meta()})
    assert asyncio.run(mw.process_request(ok)) is None
    spam = Request("http://hailin.gov.cn.spam.com/", meta={"portal": portal.as_meta()})
    with pytest.raises(IgnoreRequest):
        asyncio.run(mw.process_request(spam))
