"""Downloader middlewares that shape each request: what it asks for, and how many there may be.

Reads requests and the crawl settings; writes request headers, crawler stats and, when the
cap is reached, closes the spider with a reason. Documents ask for the document
(``Accept: application/pdf, …``), not ``text/html``: some servers answer an HTML page to a
browser-like Accept. The request cap (``RCC_MAX_REQUESTS``) keeps a crawl that meets a
trap (an endless calendar, a folder loop) bounded; a run that hits it is not complete.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import deferred_from_coro

KIND = "rcc_kind"  # the same meta key as scraper.middlewares.KIND
CAP_STAT = "rcc/request_cap_reached"
ACCEPT = {
    "document": "application/pdf,application/octet-stream;q=0.9,*/*;q=0.5",
    "page": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
    "sitemap": "application/xml,text/xml;q=0.9,application/gzip;q=0.8,*/*;q=0.5",
    "robots": "text/plain,*/*;q=0.5",
}


def request_kind(request: Request) -> str:
    """Return what a request is for: robots, sitemap, document or page."""
    if urlsplit(request.url).path == "/robots.txt":
        return "robots"
    return str(request.meta.get(KIND, "page"))


class AcceptByKindMiddleware:
    """Set ``Accept`` by what a request is for, unless the request set its own."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AcceptByKindMiddleware:
        return cls()

    def process_request(self, request: Request) -> None:
        accept = ACCEPT.get(request_kind(request))
        if accept:
            # Runs before DefaultHeadersMiddleware, whose setdefault then leaves it alone.
            request.headers.setdefault(b"Accept", accept.encode("ascii"))
        return None


class RequestCapMiddleware:
    """Refuse requests past ``RCC_MAX_REQUESTS`` and close the spider, with the reason."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.cap = crawler.settings.getint("RCC_MAX_REQUESTS", 0)
        self.count = 0
        self.closing = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RequestCapMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if not self.cap:
            return None
        self.count += 1
        if self.count <= self.cap:
            return None
        reason = f"request cap of {self.cap} reached (RCC_MAX_REQUESTS); later requests not made"
        stats: Any = self.crawler.stats
        if not self.closing:
            self.closing = True
            stats.set_value(CAP_STAT, reason)
            engine = self.crawler.engine
            if engine is not None:
                deferred_from_coro(engine.close_spider_async(reason="request_cap"))
        stats.inc_value("rcc/requests_over_cap")
        raise IgnoreRequest(reason)
