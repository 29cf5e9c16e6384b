"""The backfill spider: list captures in the Wayback Machine's CDX API, archive their bytes.

Reads CDX answers and captures; yields items and requests, and reads (never writes) the
archive's state through ``spider.backfill`` to skip what is done. Two phases: first the
plan pages' captures, parsed like today's pages so their document links are known, then
the documents' captures — those linked from any page, captured or crawled, or named like a
plan. Captures are requested under their real URL with the replay URL in ``meta``
(``scraper.wayback_handler``), so the fetch records, retries and back-off are the crawl's.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import scrapy
from protego import Protego
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from rcc_archive.archive.backfill import CAPTURE_KIND, CDX_KIND, FAILED, REJECTED, Capture
from rcc_archive.archive.catalogue import DocumentLink
from rcc_archive.archive.sniff import HTML, is_document_type, sniff_type
from rcc_archive.archive.titles import clean_title
from rcc_archive.scraper import settings as crawl_settings
from rcc_archive.scraper.links import FoundLink, extract_links, is_plan_link, page_region
from rcc_archive.scraper.middlewares import FETCH_ID, KIND, describe_exception, status_message
from rcc_archive.scraper.pagemeta import page_record, parse_html, parse_page_meta
from rcc_archive.scraper.urls import canonical_url, is_allowed, looks_like_document
from rcc_archive.scraper.wayback_cdx import CdxError, CdxQuery, capture_time, parse_cdx, replay_url
from rcc_archive.scraper.wayback_handler import CAPTURE_URL
from rcc_archive.scraper.wayback_pipeline import (
    CapturedDocumentItem,
    CapturedLinkItem,
    CapturedPageItem,
    CaptureFailedItem,
    ListingItem,
)

DEFAULT_WAYBACK = "https://web.archive.org"
PAGE, DOCUMENT = "page", "document"
_MIMETYPES = {PAGE: "text/html", DOCUMENT: "application/pdf"}
_CAPTURE = "rcc_capture"
_QUERY = "rcc_query"
# Status codes after which asking again later may work: the capture stays to be fetched.
_TRANSIENT = {408, 429, 500, 502, 503, 504, 520, 522, 524}


@dataclass(frozen=True)
class BackfillTarget:
    """What to list: the sources' URLs, the date range and how many captures at most."""

    wayback: str = DEFAULT_WAYBACK
    sources: tuple[tuple[str, str], ...] = (("cancercentrum.se", "domain"),)
    date_from: str | None = None
    date_to: str | None = None
    limit: int | None = None

    @property
    def cdx_endpoint(self) -> str:
        return self.wayback.rstrip("/") + "/cdx/search/cdx"

    @property
    def replay_base(self) -> str:
        return self.wayback.rstrip("/") + "/web"

    def queries(self, kind: str) -> list[CdxQuery]:
        return [
            CdxQuery(kind, url, match, _MIMETYPES[kind], self.date_from, self.date_to)
            for url, match in self.sources
        ]


class WaybackSpider(scrapy.Spider):
    """List captures of plan pages, then of documents, and archive each one once."""

    name = "wayback"
    custom_settings = {
        # The Internet Archive asks for about one CDX query a second and a few captures
        # a second; each kind has its own download slot with its own pace.
        "ROBOTSTXT_OBEY": False,  # the CDX and replay APIs are meant for programs
        "CONCURRENT_REQUESTS": 4,
        "CONCURRENT_REQUESTS_PER_DOMAIN": 2,
        "DOWNLOAD_DELAY": 1.0,
        "DOWNLOAD_SLOTS": {
            "wayback-cdx": {"concurrency": 1, "delay": 1.0},
            "wayback-capture": {"concurrency": 2, "delay": 0.5},
        },
        "AUTOTHROTTLE_ENABLED": True,
        "AUTOTHROTTLE_START_DELAY": 1.0,
        "AUTOTHROTTLE_TARGET_CONCURRENCY": 1.0,
        "RETRY_TIMES": 5,
        "DEPTH_LIMIT": 0,
        "DOWNLOAD_HANDLERS": {
            "http": "rcc_archive.scraper.wayback_handler.WaybackDownloadHandler",
            "https": "rcc_archive.scraper.wayback_handler.WaybackDownloadHandler",
        },
        # A spider's dict replaces the project's whole: the crawl's chain, less the
        # conditional requests (validators are the site's, not the Wayback Machine's).
        "DOWNLOADER_MIDDLEWARES": {
            **crawl_settings.DOWNLOADER_MIDDLEWARES,
            "rcc_archive.scraper.middlewares.ConditionalRequestMiddleware": None,
        },
        "ITEM_PIPELINES": {"rcc_archive.scraper.wayback_pipeline.WaybackPipeline": 300},
        "EXTENSIONS": {"rcc_archive.scraper.progress.ProgressReporter": None},
    }

    backfill: Any = None
    catalogue: Any = None
    run_id: int | None = None
    target: BackfillTarget = BackfillTarget()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WaybackSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider._next_phase, signal=signals.spider_idle)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Ask for the page captures left from an earlier run, then list the pages'."""
        self._phase = PAGE
        self._scheduled = 0
        self._requested: set[str] = set()
        self._done = self.backfill.done_capture_urls()
        self._known = self.backfill.known_page_urls()
        # What the site asks robots not to fetch, the backfill does not take from a copy.
        self._robots = {
            host: Protego.parse(body.decode("utf-8", "replace"))
            for host, body in self.backfill.robots_files().items()
        }
        for request in self._phase_requests(PAGE):
            yield request

    def _next_phase(self) -> None:
        if self._phase != PAGE:
            return
        # Every page capture is archived: their links now say which documents to take.
        self._phase = DOCUMENT
        self._known = self.backfill.known_document_urls()
        for request in self._phase_requests(DOCUMENT):
            self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def _phase_requests(self, kind: str) -> Iterator[scrapy.Request]:
        for capture in self.backfill.to_fetch(kind):
            yield from self._capture_request(capture)
        for query in self.target.queries(kind):
            resume_key, complete = self.backfill.listing_state(query.key)
            # A finished listing is walked again from the start: new captures may exist.
            yield self._listing_request(query, None if complete else resume_key)

    def _listing_request(self, query: CdxQuery, resume_key: str | None) -> scrapy.Request:
        return scrapy.Request(
            query.url_for(self.target.cdx_endpoint, resume_key),
            callback=self.parse_listing,
            errback=self.on_listing_error,
            dont_filter=True,
            meta={KIND: CDX_KIND, _QUERY: query, "download_slot": "wayback-cdx"},
        )

    def _limit_reached(self) -> bool:
        return self.target.limit is not None and self._scheduled >= self.target.limit

    def _capture_request(self, capture: Capture) -> Iterator[scrapy.Request]:
        if capture.capture_url in self._done or capture.capture_url in self._requested:
            return
        if self._limit_reached():
            return
        self._requested.add(capture.capture_url)
        self._scheduled += 1
        yield scrapy.Request(
            capture.url,
            callback=self.parse_capture,
            errback=self.on_capture_error,
            dont_filter=True,
            meta={
                KIND: CAPTURE_KIND,
                CAPTURE_URL: capture.capture_url,
                _CAPTURE: capture,
                "download_slot": "wayback-capture",
                "dont_redirect": True,
            },
        )

    def _wanted(self, kind: str, url: str) -> bool:
        if not is_allowed(url):
            return False
        robots = self._robots.get(urlsplit(url).hostname or "")
        if robots is not None and not robots.can_fetch(url, self.settings.get("USER_AGENT")):
            return False
        probe = FoundLink(
            url=url, text="", title="", section="", region=None, is_document=False, allowed=True
        )
        named = is_plan_link(probe)
        if kind == PAGE:
            return named or url in self._known
        return looks_like_document(url) and (named or url in self._known)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        """Keep one CDX answer's wanted captures, request them, and go on to the next answer."""
        query: CdxQuery = response.meta[_QUERY]
        try:
            listed, resume_key = parse_cdx(response.body)
        except CdxError as error:
            self.logger.error("CDX answer for %s unreadable: %s", query.key, error)
            return
        captures = []
        for row in listed:
            url = canonical_url(row.original)
            if url is None or not self._wanted(query.kind, url):
                continue
            captures.append(
                Capture(
                    capture_url=replay_url(self.target.replay_base, row.timestamp, row.original),
                    url=url,
                    original=row.original,
                    timestamp=row.timestamp,
                    captured_at=capture_time(row.timestamp),
                    kind=query.kind,
                    mimetype=row.mimetype,
                    digest=row.digest,
                )
            )
        yield ListingItem(query.key, captures, resume_key)
        for capture in captures:
            yield from self._capture_request(capture)
        if resume_key and not self._limit_reached():
            yield self._listing_request(query, resume_key)

    def on_listing_error(self, failure: Failure) -> Iterator[Any]:
        """A listing that failed after its retries is in ``fetches``; the next run resumes it."""
        self.logger.error("CDX query %s failed: %s", failure.request.url, failure.value)
        return iter(())

    def parse_capture(self, response: Response) -> Iterator[Any]:
        """Archive a capture's bytes: a page parsed like today's, or a document's bytes."""
        capture: Capture = response.meta[_CAPTURE]
        fetch_id = response.meta.get(FETCH_ID)
        body_type = sniff_type(response.body)
        if capture.kind == DOCUMENT:
            if is_document_type(body_type):
                yield CapturedDocumentItem(capture, response.body, fetch_id)
            else:
                reason = f"the capture holds {body_type} content, not a document"
                yield CaptureFailedItem(capture, REJECTED, reason, fetch_id)
            return
        if body_type != HTML:
            reason = f"the capture holds {body_type} content, not a page"
            yield CaptureFailedItem(capture, REJECTED, reason, fetch_id)
            return
        text = response.text if isinstance(response, TextResponse) else response.body.decode()
        root = parse_html(text)
        meta = parse_page_meta(root)
        yield CapturedPageItem(
            capture,
            page_record(capture.url, response.body, page_region(capture.url), meta),
            fetch_id,
        )
        for link in extract_links(root, capture.url):
            if link.is_document and link.allowed:
                yield CapturedLinkItem(
                    DocumentLink(
                        document_url=link.url,
                        page_url=capture.url,
                        link_text=link.text,
                        title=link.title or clean_title(link.text),
                        section=link.section,
                        region=link.region,
                    ),
                    capture.captured_at,
                )

    def on_capture_error(self, failure: Failure) -> Iterator[Any]:
        """Say why a capture gave nothing; a passing fault leaves it for the next run."""
        request = failure.request
        capture: Capture = request.meta[_CAPTURE]
        error = failure.value
        status = FAILED
        if isinstance(error, HttpError):
            code = error.response.status
            reason = f"HTTP {status_message(code)} from the Wayback Machine"
            if 300 <= code < 400:
                location = (error.response.headers.get(b"Location") or b"").decode("latin-1")
                reason += f" (redirects to {location or 'nowhere'}; another capture)"
            if code not in _TRANSIENT:
                status = REJECTED
        else:
            reason = describe_exception(error)
        level = logging.INFO if status == REJECTED else logging.WARNING
        self.logger.log(level, "capture %s: %s", capture.capture_url, reason)
        yield CaptureFailedItem(capture, status, reason, request.meta.get(FETCH_ID))
