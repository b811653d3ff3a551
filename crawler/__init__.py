"""The Scrapy project: spiders yield, the downloader fetches, middlewares adapt, pipelines store."""
