"""What a 加速乐 (HTTP 521) or 瑞数 (HTTP 412) cookie challenge looks like on the wire.

A challenge is a 521 or 412 whose page is a small script (an error page with
those statuses is not).  The challenge middleware reads a response before
HttpCompressionMiddleware (590) inflates it, and a server that compresses its
pages compresses its challenge too, so the start of the page is inflated here
first, by the one reader of content codings (ingest/codings.py), and only as far
as a challenge could go.  The robots.txt middleware asks the same of archived
answers.
"""

from __future__ import annotations

import re

from scrapy.http import Response

from crawler.headers import header_pairs
from ingest.codings import decoded_body

CHALLENGE_STATUSES = {412, 521}
_SCRIPT = re.compile(rb"<script", re.I)
#: bytes of a page looked at for the challenge's script
_LOOK_AT = 65536
#: the most a compressed challenge page is inflated to (a challenge is a few KiB)
_MAX_CHALLENGE = 1 << 20


def is_challenge(response: Response) -> bool:
    """A response that is a cookie challenge, compressed or not."""
    if response.status not in CHALLENGE_STATUSES:
        return False
    return is_challenge_answer(response.status, _page_start(response))


def is_challenge_answer(status: int, body: bytes) -> bool:
    """A 521 or 412 whose (uncompressed) page is a script: a challenge, not an error."""
    return status in CHALLENGE_STATUSES and bool(_SCRIPT.search(body[:_LOOK_AT]))


def _page_start(response: Response) -> bytes:
    pairs = header_pairs(response.headers)
    try:
        return decoded_body(response.body, pairs, max_bytes=_MAX_CHALLENGE)[:_LOOK_AT]
    except Exception:  # too large, or not what it says it is: judged as sent
        return response.body[:_LOOK_AT]
