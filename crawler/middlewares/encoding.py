"""Decode old portals' pages right when their declaration is missing or wrong.

Scrapy picks a page's encoding from the header, a BOM, the ``<meta>``
declaration, then a guess; old portals serve GBK/GB2312/GB18030 with no
declaration, or declare UTF-8 (in the header, from a server default) over
GBK bytes, or the reverse.  The text then comes out with replacement
characters or as mojibake, and every title a classifier reads is lost.  The
bytes decide: strictly valid UTF-8 with non-ASCII text is UTF-8 (GBK text
almost never is), otherwise GB18030 (a superset of GB2312 and GBK) when the
declared decoding had to replace characters.  The archived bytes are never
touched: this runs after the capture middleware, and after decompression and
a 304's replay from the archive, on the bytes the spider reads (above them, it
judged a compressed page's bytes and left the page to Scrapy's guess).

Most pages are UTF-8 and say so, or say nothing, or are ASCII (a JSON list
with its Chinese escaped), and an undeclared page that is not UTF-8 is GBK or
its kin: those are settled from the bytes and the declaration alone, without
Scrapy's guess (charset_normalizer, a good part of a page's time on the
reactor) and without parsing the page.
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.http import Response, TextResponse


def better_encoding(response: TextResponse) -> str | None:
    """The encoding to decode with instead of the response's own, or None to keep it."""
    body = response.body
    current = response.encoding.lower().replace("_", "-")
    if body.isascii():
        return None
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        if current not in ("gb18030", "gbk", "gb2312") and "\ufffd" in response.text:
            try:
                body.decode("gb18030")
            except UnicodeDecodeError:
                return None
            return "gb18030"
        return None
    return None if current in ("utf-8", "utf8") else "utf-8"


def is_utf8(body: bytes) -> bool:
    return decodes(body, "utf-8")


def decodes(body: bytes, encoding: str) -> bool:
    try:
        body.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def declared_utf8(response: TextResponse) -> bool | None:
    """Does the response declare UTF-8 (header, BOM or ``<meta>``)?  None: it declares nothing."""
    declared = response._declared_encoding()  # what Scrapy reads before it guesses
    return None if declared is None else declared.lower().replace("_", "-") in ("utf-8", "utf8")


#: declared types that are text (or markup or data) whatever the bytes look like
_TEXT_TYPES = ("text/", "application/json", "application/javascript", "application/xml")


def not_text(response: TextResponse) -> bool:
    """A document the server calls binary that Scrapy took for text from its first bytes.

    Scrapy picks the text class for any body without control characters, so a PDF
    written uncompressed or an attachment sent as ``application/octet-stream`` came
    as text: its encoding was then guessed over the whole file, and nothing reads
    it as text.  Pages sent under a wrong type keep their class (Scrapy saw their
    markup and made them HTML or XML).
    """
    if type(response) is not TextResponse:
        return False
    declared = response.headers.get("Content-Type")
    if not declared:
        return False
    kind = declared.decode("latin-1").split(";")[0].strip().lower()
    return bool(kind) and not kind.startswith(_TEXT_TYPES) and not kind.endswith(("+json", "+xml"))


class EncodingFallbackMiddleware:
    def process_response(
        self, request: Request, response: Response, spider: Spider | None = None
    ) -> Response:
        if not isinstance(response, TextResponse):
            return response
        if not_text(response):
            return Response(**{key: getattr(response, key) for key in Response.attributes})
        if response.body.isascii():  # read alike in every encoding a portal uses: no guess
            return response if response._declared_encoding() else response.replace(encoding="utf-8")
        if is_utf8(response.body):
            said = declared_utf8(response)
            if said:
                return response
            if said is None:  # UTF-8 bytes, nothing declared: no guess needed
                return response.replace(encoding="utf-8")
        elif response._declared_encoding() is None and decodes(response.body, "gb18030"):
            return response.replace(encoding="gb18030")  # nothing declared, not UTF-8: GBK's kin
        if getattr(response.selector, "type", "") == "json":
            return response
        encoding = better_encoding(response)
        return response if encoding is None else response.replace(encoding=encoding)
