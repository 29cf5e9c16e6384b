"""Stop a crawl at the first write that fails because the disk is full.

Reads the log records of the crawl process (every failed write in a pipeline, a middleware
or a callback is logged with its exception); writes the reason into each crawler's stats
under ``CAP_STAT``, so ``scraper.crawl`` closes the run as failed with it, and asks every
spider to close. Without this, each later item fails the same way and the terminal fills
with tracebacks while the run goes on.
"""

from __future__ import annotations

import logging
from typing import Any

from rcc_archive.archive.datadir import is_disk_full
from rcc_archive.scraper.request_rules import CAP_STAT

_FULL_TEXT = ("No space left on device", "database or disk is full")


class StopOnDiskFull(logging.Handler):
    """A log handler that notices the first disk-full failure and stops every crawler."""

    def __init__(self, crawlers: list[Any]) -> None:
        super().__init__(level=logging.ERROR)
        self.crawlers = crawlers
        self.reason: str | None = None

    def emit(self, record: logging.LogRecord) -> None:
        if self.reason is not None:
            return
        error = record.exc_info[1] if record.exc_info else None
        message = record.getMessage()
        if not is_disk_full(error) and not any(text in message for text in _FULL_TEXT):
            return
        self.reason = f"disk full: {error or message}"[:300]
        from scrapy.utils.defer import deferred_from_coro
        from twisted.internet import reactor

        for crawler in self.crawlers:
            if crawler.stats is not None:
                crawler.stats.set_value(CAP_STAT, self.reason)
            engine = crawler.engine
            if engine is not None and engine.running:
                closing = engine.close_spider_async(reason="disk_full")
                reactor.callLater(0, deferred_from_coro, closing)  # type: ignore[attr-defined,arg-type]


def install(crawlers: list[Any]) -> StopOnDiskFull:
    """Watch this process's log for a full disk; the crawl log itself may be unwritable."""
    handler = StopOnDiskFull(crawlers)
    logging.getLogger().addHandler(handler)
    # A log file on the full disk fails too: that must not print a traceback per record.
    logging.raiseExceptions = False
    return handler
