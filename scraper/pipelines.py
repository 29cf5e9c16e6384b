"""The one place the crawl writes what it found: pages, links and document bodies.

Reads the spiders' items; writes blobs and catalogue rows through the spider's
``archive.catalogue.Catalogue`` (pages, web_page_versions, documents, document_versions,
document_urls, document_links, files; a body refused as the document is kept as a file)
and completes the ``fetches`` rows the recorder opened.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler

from rcc_archive.archive.blobs import sha256_hex
from rcc_archive.archive.catalogue import ERROR, SKIPPED
from rcc_archive.archive.sniff import sniff_type
from rcc_archive.scraper.items import (
    DocumentFailureItem,
    DocumentItem,
    DocumentRefusedItem,
    DocumentSkippedItem,
    LinkItem,
    NotModifiedItem,
    PageItem,
)


class ArchivePipeline:
    """Archive every item as it arrives, each in its own short transaction."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._skipped: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArchivePipeline:
        return cls(crawler)

    @property
    def _catalogue(self) -> Any:
        return self.crawler.spider.catalogue

    @property
    def _run_id(self) -> int:
        return self.crawler.spider.run_id

    def process_item(self, item: Any) -> Any:
        catalogue = self._catalogue
        if isinstance(item, PageItem):
            outcome = catalogue.save_page(self._run_id, item.record)
            self._complete_fetch(item.fetch_id, outcome, item.record.body)
        elif isinstance(item, LinkItem):
            # A document already refused this run (robots.txt) stays out, whichever page
            # links it next.
            if item.link.document_url not in self._skipped:
                catalogue.save_link(self._run_id, item.link)
        elif isinstance(item, DocumentItem):
            outcome, _ = catalogue.save_document_body(
                self._run_id, item.url, item.body, item.redirect_urls
            )
            self._complete_fetch(item.fetch_id, outcome, item.body)
        elif isinstance(item, NotModifiedItem):
            if catalogue.touch_document(self._run_id, item.url, item.redirect_urls) is None:
                catalogue.mark_document_broken(
                    self._run_id, item.url, "server answered 304 but no earlier version is archived"
                )
        elif isinstance(item, DocumentFailureItem):
            self._fail(item)
        elif isinstance(item, DocumentRefusedItem):
            # Never requested, so no fetch row exists: record the refusal, and the linked
            # document is broken with the reason (it shows in problems and changes).
            catalogue.record_fetch(
                self._run_id, item.url, kind="document", outcome=SKIPPED, error=item.reason
            )
            catalogue.mark_document_broken(self._run_id, item.url, item.reason)
        elif isinstance(item, DocumentSkippedItem):
            self._skip(item)
        return item

    def _fail(self, item: DocumentFailureItem) -> None:
        catalogue = self._catalogue
        if item.body is None:
            catalogue.mark_document_broken(self._run_id, item.url, item.reason)
            if item.fetch_id is not None:
                catalogue.update_fetch(item.fetch_id, outcome=ERROR, error=item.reason)
            return
        # Served, but not the document: the bytes are kept as a file, not as a version.
        sha = catalogue.save_refused_body(self._run_id, item.url, item.body, item.reason)
        if item.fetch_id is not None:
            catalogue.update_fetch(
                item.fetch_id,
                outcome=ERROR,
                error=item.reason,
                sha256=sha,
                sniffed_type=sniff_type(item.body),
            )

    def _skip(self, item: DocumentSkippedItem) -> None:
        if item.url in self._skipped:
            return
        self._skipped.add(item.url)
        if item.reason.startswith("off-site"):
            # Never requested, so the recorder has no row for it: say so here, once a run.
            self._catalogue.record_fetch(
                self._run_id,
                item.url,
                kind="document",
                outcome=SKIPPED,
                error=f"{item.reason} (linked from {item.page_url})",
            )
        else:
            self._catalogue.forget_unfetched(self._run_id, item.url, item.reason)

    def _complete_fetch(self, fetch_id: int | None, outcome: str, body: bytes) -> None:
        if fetch_id is None:
            return
        self._catalogue.update_fetch(
            fetch_id, outcome=outcome, sha256=sha256_hex(body), sniffed_type=sniff_type(body)
        )
