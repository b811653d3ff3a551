"""Downloader middlewares: each adapts requests or responses for one reason."""
