"""What the portal spider hands the pipeline: one item per report page or file it fetched.

The item carries the response's raw body and what the walk learnt on the way
(the link's text, its year and organ when the link or the page said them, the
report page an attachment hangs from, whether this was a re-check of a known
report), so that the pipeline archives and reads it without the response.  A
known report's URL that now sends readers to the portal's home page is an item
too, with no body: the report is gone, and ingest is the one to say so.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from scrapy.http import Response, TextResponse

from crawler.classify import classify
from crawler.items import DocumentItem
from crawler.links import disposition_filename
from crawler.portal import PortalRef, host_allowed

#: the paths a portal's home page answers on besides its seed URL
HOME_PATHS = ("", "/", "/index.html", "/index.htm", "/index.shtml", "/index.jsp", "/default.html")


def document_item(
    response: Response,
    portal: PortalRef,
    kind: str,
    year: int | None = None,
    organ: str | None = None,
    title: str | None = None,
) -> DocumentItem:
    """The fetched document, its year and organ from the link's text when the page gave none."""
    meta = response.meta
    if year is None and meta.get("link_text"):
        verdict = classify(meta["link_text"], None, response.url)
        year, organ = verdict.year, verdict.organ
    ctype = response.headers.get("Content-Type")
    filename = disposition_filename(response.headers.get("Content-Disposition"))
    return DocumentItem(
        url=response.url,
        kind=kind,
        portal=portal.as_meta(),
        title=title or meta.get("link_text") or filename,
        year=year,
        organ=organ,
        status=response.status,
        content_type=ctype.decode("latin-1") if ctype else None,
        body=response.body,
        capture=meta.get("nianbao_capture"),
        parent_url=meta.get("parent_url"),
        extra={
            "is_report": bool(meta.get("report_link")),
            "encoding": response.encoding if isinstance(response, TextResponse) else None,
            "recheck": bool(meta.get("recheck")),
            "probe": bool(meta.get("probe")),
            "filename": filename,
        },
    )


def redirected_home(response: Response, portal: PortalRef) -> DocumentItem:
    """A known report's URL that redirected to the home page: the report, with no body."""
    meta = response.meta
    return DocumentItem(
        url=meta["redirect_urls"][0],
        kind=meta.get("doc_kind", "article"),
        portal=portal.as_meta(),
        title=meta.get("link_text") or None,
        year=None,
        organ=None,
        status=response.status,
        content_type=None,
        body=b"",
        extra={"recheck": True, "redirected_home": True},
    )


def is_home(url: str, portal: PortalRef) -> bool:
    """The portal's home page (its seed URL, or the root of one of its hosts)."""
    return url == portal.url or (
        host_allowed(portal.host, url) and urlsplit(url).path in HOME_PATHS
    )
