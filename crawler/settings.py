"""Every Scrapy setting and component priority of the crawler, in one place."""

import json as _json
import os as _os

from scrapy.settings.default_settings import EXTENSIONS_BASE as _SCRAPY_EXTENSIONS

BOT_NAME = "nianbao"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

VERSION = "0.1.0"
PROJECT_URL = "https://github.com/nianbao/nianbao"
USER_AGENT = f"nianbao/{VERSION} (+{PROJECT_URL}; government report archive)"
ROBOTSTXT_OBEY = True

# Politeness: government portals are small servers.  Per host: at most 2 requests at once,
# one every DOWNLOAD_DELAY seconds at the fastest, slower when the server is (AutoThrottle).
CONCURRENT_REQUESTS_PER_DOMAIN = 2
# Across hosts: a request waiting out its host's delay counts as active, so with 16 a
# crawl of 50 hosts kept most of them waiting for a free place while their delay had passed
# (night 1 of crawl_bench 17.5 s; 15.7 s with 64).  The scheduler hands each request to the
# host with the fewest active, as Scrapy advises for crawls of many hosts at once.
CONCURRENT_REQUESTS = 64
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"
# Scrapy's downloader, but a host's limit holds with no delay as well (crawler/downloader.py)
DOWNLOADER = "crawler.downloader.PoliteDownloader"
DOWNLOAD_DELAY = 0.5
# The delay as set, not drawn between half and one and a half times it (Scrapy's default
# jitter of 0.5).
# Scrapy draws again every time it looks at a host's queue, and waits on if the new draw is
# longer: a delay of 0.5 s came out as waits of 0.25 to 0.75 s, 0.61 s on average.  Now
# never less than DOWNLOAD_DELAY, and that on average (crawl_bench night 1: 15.7 → 13.8 s).
DOWNLOAD_DELAY_JITTER = 0.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
DOWNLOAD_TIMEOUT = 60
# Items of one response handled at once.  Scrapy starts this many tasks for every
# response that yields anything (100 by default: 80,000 tasks for 800 pages, a few
# seconds of the reactor); a page yields a handful of items, parsed one at a time anyway.
CONCURRENT_ITEMS = 8
RETRY_TIMES = 2
DOWNLOAD_MAXSIZE = 200 * 1024 * 1024
DOWNLOAD_WARNSIZE = 50 * 1024 * 1024

# Every response reaches the spider so that 404/410 can be told apart from success.
HTTPERROR_ALLOW_ALL = True
COOKIES_ENABLED = True
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "WARNING"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"

# the scheduler counts each portal's requests, so that a portal's walk is seen to end
# while others go on (crawler/walks.py)
SCHEDULER = "crawler.walks.PortalScheduler"

DOWNLOADER_MIDDLEWARES = {
    # robots.txt at most once a day per host: the archived one of the last 24 h is read again
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawler.middlewares.robots.CachedRobotsTxtMiddleware": 100,
    # closest to the spider: drop requests that leave the portal's own hosts
    "crawler.middlewares.offsite.PortalHostsMiddleware": 50,
    # a resumed crawl answers from the archive what it already fetched
    "crawler.middlewares.resume.ResumeFromArchiveMiddleware": 60,
    # GBK pages without (or with a wrong) charset declaration decoded right, archive untouched:
    # below decompression (590) and the 304's replay (595), above all that read the text
    "crawler.middlewares.encoding.EncodingFallbackMiddleware": 588,
    # a meta refresh off the portal is not followed, the page is kept (after decompression, 590)
    "crawler.middlewares.redirects.MetaRefreshGuard": 585,
    # ask with validators; a 304 becomes the archived response again (above decompression)
    "crawler.middlewares.conditional.ConditionalRequestMiddleware": 595,
    # a compression bomb is refused before HttpCompressionMiddleware (590) inflates it
    "crawler.middlewares.bombs.CompressionBombGuard": 592,
    # a 3xx that loops, never ends or leaves the portal, said before RedirectMiddleware (600)
    "crawler.middlewares.redirects.RedirectGuard": 610,
    # 521/412 cookie challenges: render once, then plain requests with the earned cookies
    # (after CookiesMiddleware, 700, has read the challenge's own Set-Cookie)
    "crawler.middlewares.challenge.ChallengeMiddleware": 650,
    # closest to the downloader: archive the raw bytes before anything decodes them
    "crawler.middlewares.capture.ArchiveCaptureMiddleware": 950,
    # closer still: the page a challenge's render received answers the request after it
    "crawler.middlewares.browser_answer.BrowserAnswerMiddleware": 960,
}

SPIDER_MIDDLEWARES = {
    # outermost: a page read and what it led to scheduled ends the portal's walk, whether
    # or not its documents are parsed yet (crawler/walks.py)
    "crawler.walks.WalkOutputMiddleware": 10,
    # the nightly schedule: known report pages and attachments only when due or changed
    "crawler.middlewares.nightly_schedule.NightlyScheduleMiddleware": 450,
}

ITEM_PIPELINES = {
    "crawler.pipelines.DocumentPipeline": 300,
}

# Scrapy's own extensions but its remote control: off by default, it is still imported (and
# aiohttp with it, a tenth of a second of every crawl process's start) while it is listed
EXTENSIONS_BASE = {
    k: v
    for k, v in _SCRAPY_EXTENSIONS.items()
    if k != "scrapy.extensions.remote_control.RemoteControl"
}
EXTENSIONS = {
    # AutoThrottle, not slowed down by the browser's rendering time (crawler/throttle.py)
    "scrapy.extensions.throttle.AutoThrottle": None,
    "crawler.throttle.ServerPaceThrottle": 0,
    "crawler.summary.CrawlSummary": 500,
    "crawler.recheck.RecheckKnownReports": 510,
}

# Browser rendering (scrapy-playwright) is switched on by `--render`; only pages that
# carry meta["playwright"] ever reach the browser.
PLAYWRIGHT_BROWSER_TYPE = "chromium"
# Playwright starts with the first rendered page, not with the crawl (crawler/browser.py)
PLAYWRIGHT_BROWSER_PROVIDER = "crawler.browser.OnDemandPlaywright"
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": "/usr/bin/chromium",
    "headless": True,
    "args": [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ],
}
# a page's own requests go one at a time, DOWNLOAD_DELAY apart (crawler/browser_pace.py):
# its load may take a while on a slow host
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 90_000
# pages open in the browser at once (its default follows CONCURRENT_REQUESTS)
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 16
# the browser's own headers (cookies earned by a challenge script) with our User-Agent
PLAYWRIGHT_PROCESS_REQUEST_HEADERS = "crawler.middlewares.challenge_page.browser_headers"

# Any setting above may be overridden for one run by JSON in NIANBAO_SCRAPY_SETTINGS,
# e.g. '{"DOWNLOAD_DELAY": 0, "AUTOTHROTTLE_ENABLED": false}' for tests on loopback.
globals().update(
    {
        k: v
        for k, v in _json.loads(_os.environ.get("NIANBAO_SCRAPY_SETTINGS") or "{}").items()
        if k.isupper()
    }
)
