"""The Scrapy project: spiders yield, the downloader fetches, middlewares adapt, pipelines store."""

import os

# Scrapy's cookie middleware splits domains with tldextract, which would download the
# public suffix list on first use.  A crawler must talk to the portals and nothing else:
# use the snapshot tldextract ships.
os.environ.setdefault("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "")
