"""What the Wayback spider finds, and the one place it is written: ``archive.backfill``.

Reads the spider's items; writes through the spider's ``archive.backfill.Backfill``
(captures, listings, versions, links) and completes the ``fetches`` rows the recorder
opened for the captures.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scrapy.crawler import Crawler

from rcc_archive.archive.backfill import Capture
from rcc_archive.archive.catalogue import DocumentLink, PageRecord
from rcc_archive.archive.sniff import sniff_type


@dataclass
class ListingItem:
    """One CDX answer: the captures it listed and where the listing goes on (None: done)."""

    query: str
    captures: list[Capture]
    resume_key: str | None


@dataclass
class CapturedPageItem:
    """A captured page, parsed like a crawled one."""

    capture: Capture
    record: PageRecord
    fetch_id: int | None


@dataclass
class CapturedLinkItem:
    """A document link on a captured page, as it was at the capture time."""

    link: DocumentLink
    seen: str


@dataclass
class CapturedDocumentItem:
    """A captured document's bytes."""

    capture: Capture
    body: bytes
    fetch_id: int | None


@dataclass
class CaptureFailedItem:
    """A capture that gave no version: ``failed`` (retried next run) or ``rejected``."""

    capture: Capture
    status: str
    reason: str
    fetch_id: int | None = None


class WaybackPipeline:
    """Write each item as it arrives, each in its own short transaction."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WaybackPipeline:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        spider = self.crawler.spider
        backfill, run_id = spider.backfill, spider.run_id
        if isinstance(item, ListingItem):
            backfill.add_listing(run_id, item.query, item.captures, item.resume_key)
        elif isinstance(item, CapturedPageItem):
            backfill.save_page(run_id, item.capture, item.record, item.fetch_id)
            self._sniffed(item.fetch_id, item.record.body)
        elif isinstance(item, CapturedLinkItem):
            backfill.save_link(run_id, item.link, item.seen)
        elif isinstance(item, CapturedDocumentItem):
            backfill.save_document(run_id, item.capture, item.body, item.fetch_id)
            self._sniffed(item.fetch_id, item.body)
        elif isinstance(item, CaptureFailedItem):
            backfill.capture_failed(run_id, item.capture, item.status, item.reason, item.fetch_id)
        return item

    def _sniffed(self, fetch_id: int | None, body: bytes) -> None:
        if fetch_id is not None:
            self.crawler.spider.catalogue.update_fetch(fetch_id, sniffed_type=sniff_type(body))
