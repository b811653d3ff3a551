"""AutoThrottle paced by the server's own answers, not by the browser's rendering time.

AutoThrottle sets a host's delay from each response's latency.  A page rendered
in the browser (a script-built list, a cookie challenge) reports as its latency
the whole render: Chromium's start when it is the first, the page's scripts and
XHR calls, the wait for the network to settle.  Taken as the server's pace,
one render of a second or two set the host's delay to that and slowed every
plain request after it for seconds, while the server had answered in
milliseconds.  So rendered responses do not move the delay; the plain requests
before and after them measure the server as before, and ``DOWNLOAD_DELAY``
stays the floor.
"""

from __future__ import annotations

from scrapy import Request, Spider
from scrapy.extensions.throttle import AutoThrottle
from scrapy.http import Response


class ServerPaceThrottle(AutoThrottle):
    def _response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        if request.meta.get("playwright"):
            return  # the browser's time, not the server's
        super()._response_downloaded(response, request, spider)
