"""A Scrapy extension that says how the crawl is going, every few seconds.

Reads Scrapy's signals; writes log lines (pages, documents, errors, rate).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet import task

from rcc_archive.scraper.items import DocumentItem, PageItem

logger = logging.getLogger("rcc_archive.progress")


class ProgressReporter:
    """Log counts of archived pages and documents with a rate."""

    def __init__(self, crawler: Crawler, interval: float) -> None:
        self.crawler = crawler
        self.interval = interval
        self.pages = 0
        self.documents = 0
        self.started = time.monotonic()
        self._loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressReporter:
        reporter = cls(crawler, crawler.settings.getfloat("RCC_PROGRESS_INTERVAL", 10.0))
        if crawler.settings.getbool("RCC_PROGRESS", True) and not logger.handlers:
            # Progress is for the person at the terminal, whatever Scrapy's log level.
            handler = logging.StreamHandler()
            handler.setFormatter(logging.Formatter("  %(message)s"))
            logger.addHandler(handler)
            logger.setLevel(logging.INFO)
        crawler.signals.connect(reporter.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(reporter.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(reporter.spider_closed, signal=signals.spider_closed)
        return reporter

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, PageItem):
            self.pages += 1
        elif isinstance(item, DocumentItem):
            self.documents += 1

    def spider_opened(self) -> None:
        self.started = time.monotonic()
        if self.interval > 0:
            self._loop = task.LoopingCall(self.report)
            self._loop.start(self.interval, now=False)

    def spider_closed(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self.report(final=True)

    def report(self, final: bool = False) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        spider = self.crawler.spider.name if self.crawler.spider else "crawl"
        logger.info(
            "%s%s: %d pages, %d documents fetched (%.1f/s)",
            spider,
            " done" if final else "",
            self.pages,
            self.documents,
            (self.pages + self.documents) / elapsed,
        )
