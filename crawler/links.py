"""Links of a page as (absolute URL, anchor text), from hrefs and the script idioms of old portals."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, unquote, urldefrag, urljoin, urlsplit

from scrapy.http import TextResponse

ATTACHMENT_EXT = re.compile(r"\.(pdf|docx?|wps|xlsx?|et|ofd|zip|rar)(?:$|[?#])", re.I)
DOWNLOAD_HINT = re.compile(r"downfile\.jsp|download\.(jsp|do|aspx?)|/attach/", re.I)
_OPEN_JS = re.compile(
    r"""(?:window\.open|location\.href\s*=|location\s*=|location\.(?:replace|assign)|openUrl"""
    r"""|openWin(?:dow)?)\s*\(?\s*['"]([^'"]+)['"]"""
)
_VIEWER = re.compile(r"viewer\.(html?|jsp)$|/pdfjs?/", re.I)
_PAGER = re.compile(r"^(下一?页|下页|尾页|末页|>|»|\d{1,3})$")
_PAGER_HREF = re.compile(
    r"(index|list|page)[_-]?\d+\.s?html?$|[?&](page|pageNo|cur_page|p)=\d+", re.I
)


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def page_links(response: TextResponse) -> Iterator[tuple[str, str]]:
    """Every followable link with the best text for it (``title`` attribute beats a cut text)."""
    seen: set[str] = set()
    for a in response.xpath("//a | //area"):
        text = _clean(" ".join(a.xpath(".//text()").getall()))
        title = _clean(a.attrib.get("title", ""))
        if title and (not text or text.endswith(("…", "...")) or len(title) > len(text)):
            text = title
        href = a.attrib.get("href", "")
        scripted = _OPEN_JS.findall(href) if href.strip().startswith("javascript:") else []
        for raw in (href, *scripted, *_OPEN_JS.findall(a.attrib.get("onclick", ""))):
            raw = raw.strip()
            if not raw or raw.startswith(("#", "javascript:", "mailto:", "tel:")):
                continue
            url = urldefrag(urljoin(response.url, raw))[0]
            if url.startswith(("http://", "https://")) and url not in seen:
                seen.add(url)
                yield url, text
    for el in response.xpath("//*[@onclick][not(self::a) and not(self::area)]"):
        text = _clean(el.attrib.get("title", "")) or _clean(
            " ".join(el.xpath(".//text()").getall())
        )
        for raw in _OPEN_JS.findall(el.attrib.get("onclick", "")):
            url = urldefrag(urljoin(response.url, raw.strip()))[0]
            if url.startswith(("http://", "https://")) and url not in seen:
                seen.add(url)
                yield url, text
    embedded = "//frame/@src | //iframe/@src | //embed/@src | //object/@data"
    for src in response.xpath(embedded).getall():
        url = unwrap_viewer(urldefrag(urljoin(response.url, src.strip()))[0])
        if url.startswith(("http://", "https://")) and url not in seen:
            seen.add(url)
            yield url, ""


def unwrap_viewer(url: str) -> str:
    """``…/pdfjs/web/viewer.html?file=/P0….pdf`` → the document itself.

    Articles show their PDF in an embedded pdf.js viewer; fetching the viewer
    would archive its HTML instead of the report.
    """
    parts = urlsplit(url)
    if not _VIEWER.search(parts.path):
        return url
    target = parse_qs(parts.query).get("file", [""])[0].strip()
    return urljoin(url, target) if target else url


def frame_urls(response: TextResponse) -> set[str]:
    """Pages a frameset or iframe shows: old portals put their whole body in one."""
    return {
        urldefrag(urljoin(response.url, src.strip()))[0]
        for src in response.xpath("//frame/@src | //iframe/@src").getall()
        if src.strip()
    }


def is_cut(text: str) -> bool:
    """A list title shortened with an ellipsis: the article has the full one."""
    return text.rstrip().endswith(("…", "...", "。。。"))


def is_attachment_url(url: str) -> bool:
    return bool(ATTACHMENT_EXT.search(url) or DOWNLOAD_HINT.search(url))


def is_pager(url: str, text: str) -> bool:
    return bool(_PAGER.match(text) or _PAGER_HREF.search(url))


def page_title(response: TextResponse) -> str:
    """The article's own title: meta ArticleTitle, then the first heading, then <title>."""
    for xp in (
        "//meta[@name='ArticleTitle']/@content",
        "//h1//text()",
        "//*[contains(@class,'title')][1]//text()",
        "//title/text()",
    ):
        got = _clean(" ".join(response.xpath(xp).getall()))
        if got:
            return got
    return ""


def disposition_filename(header: bytes | None) -> str | None:
    """The file name a download states (``filename*=UTF-8''…`` first, then ``filename=``).

    Hanweb's ``downfile.jsp`` and many ``download.jsp`` give the only real name
    of an attachment there; old servers send it raw in GBK or percent-encoded.
    """
    if not header:
        return None
    raw = header.decode("latin-1")
    star = re.search(r"filename\*\s*=\s*([\w-]+)''([^;]+)", raw, re.I)
    if star:
        return unquote(star.group(2).strip(), encoding=star.group(1) or "utf-8") or None
    plain = re.search(r"""filename\s*=\s*"?([^";]+)"?""", raw, re.I)
    if not plain:
        return None
    data = plain.group(1).strip().encode("latin-1")
    for encoding in ("utf-8", "gb18030"):
        try:
            return unquote(data.decode(encoding), encoding=encoding) or None
        except UnicodeDecodeError:
            continue
    return None
