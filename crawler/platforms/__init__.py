"""Platform adapters: read a CMS's lists and paging where the generic link walk cannot.

Government portals run on a few CMS platforms (spec/portals.md), each hiding
its paging or its list items somewhere the anchors of the page do not show:
a ``createPageHTML(…)`` script call (TRS WCM), records in an XML data store
and a POST proxy (Hanweb jcms), a category tree and a JSON API in a
single-page app's config with its articles as JSON in the page (Guangdong
gkmlpt), a JSON API fetched by GET or POST (开普云/Ucap, xxgk platforms;
``jscalls`` reads what the script sends), menus kept as script data
(``scriptlinks``), or an XHR whose URL or data only a browser computes
(``jsbuilt``).  Sites are data, platforms are code: each adapter is a small
module with ``detect(response)`` (a fingerprint of the page) and
``discover(response)`` (extra links and list requests); the spider asks
every adapter that recognises the page, and a page no adapter recognises
gets the generic walk alone, as before.  ``article_view`` gives the spider
an article a script writes from data in its page as plain HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from scrapy.http import TextResponse


@dataclass(frozen=True)
class Found:
    """What an adapter found on a page.

    ``kind="link"``: an anchor the spider judges like any other (report,
    pager, navigation).  ``kind="list"``: a list page or list API call to
    fetch, read later by the adapter named in ``platform``.  ``render``: the
    list is only complete in a browser.
    """

    url: str
    text: str = ""
    kind: str = "link"
    method: str = "GET"
    formdata: dict[str, str] | None = None
    #: a JSON body to POST (``formdata`` is sent form-encoded instead)
    body: str | None = None
    render: bool = False
    #: fetch even a URL already fetched: the request carries what the link said (a hash route)
    again: bool = False
    platform: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _adapters() -> list[Any]:
    from crawler.platforms import gkmlpt, hanweb, jsbuilt, jsonapi, scriptlinks, trs, xxgk

    return [trs, hanweb, gkmlpt, jsonapi, xxgk, scriptlinks, jsbuilt]


def fingerprint(response: TextResponse) -> list[str]:
    """Names of the platforms whose marks the page carries (empty: generic)."""
    return [a.NAME for a in _adapters() if a.detect(response)]


def discover(response: TextResponse) -> Iterator[Found]:
    """Every extra link and list request the adapters that recognise the page offer."""
    wanted = response.meta.get("platform")
    for adapter in _adapters():
        if wanted == adapter.NAME or adapter.detect(response):
            yield from adapter.discover(response)


#: what an organ's name ends with (a site name like 某某区人民政府网 does not)
_ORGAN = re.compile(r"(局|委|办|院|馆|署|会|中心|政府|办事处|街道|镇|乡|所|站|队|处)$")


def page_metadata(response: TextResponse) -> dict[str, str]:
    """Metadata an article page states about itself (发布机构, 成文日期 …), if any.

    The xxgk table's 发布机构 first; else TRS's ``ContentSource`` meta when it
    names an organ (it is often the site's own name, which does not).
    """
    from crawler.platforms import xxgk

    found = xxgk.metadata(response) if xxgk.detect(response) else {}
    if "organ" not in found:
        source = (response.xpath("//meta[@name='ContentSource']/@content").get() or "").strip()
        if source and _ORGAN.search(source):
            found["organ"] = source
    return found


def article_view(response: TextResponse) -> TextResponse:
    """The page as its reader sees it: an article a script writes from data in the page
    (gkmlpt's ``window._CONFIG.DETAIL``) comes back rebuilt as plain HTML, else the page."""
    from crawler.platforms import gkmlpt_article

    return gkmlpt_article.article_view(response) or response


def needs_browser(response: TextResponse, found_items: bool) -> Found | None:
    """A column or list page whose list only a browser can build: render it once."""
    from crawler.platforms import jsbuilt

    return jsbuilt.render_request(response, found_items)
