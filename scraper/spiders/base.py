"""What every plan spider does: follow plan links, take every document link, keep provenance.

Reads responses; yields items and requests, and does no file or database I/O. No rule
here depends on one site layout: pages are followed when their URL or link text is about
plans, documents are recognised by their href and confirmed by their bytes, and a link's
region comes from the page section it sits in (``scraper.links``).
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from rcc_archive.archive.catalogue import DocumentLink
from rcc_archive.archive.sniff import HTML, PDF, is_document_type, sniff_type
from rcc_archive.archive.titles import clean_title
from rcc_archive.scraper.discovery import (
    SITEMAP_PAGES_STAT,
    add_note,
    page_limits,
    publication_redirect,
    sitemap_pages,
)
from rcc_archive.scraper.items import (
    DocumentFailureItem,
    DocumentItem,
    DocumentRefusedItem,
    DocumentSkippedItem,
    LinkItem,
    NotModifiedItem,
    PageItem,
)
from rcc_archive.scraper.links import (
    FoundLink,
    is_folder_link,
    is_plan_link,
    is_plan_text,
    page_region,
    scan_links,
)
from rcc_archive.scraper.middlewares import (
    FETCH_ID,
    KIND,
    RedirectRefused,
    describe_exception,
    status_message,
)
from rcc_archive.scraper.pagemeta import page_record, parse_html, parse_page_meta

LINK = "rcc_link"
FROM_SITEMAP = "rcc_from_sitemap"
FOLDER_HOPS = "rcc_folder_hops"


class PlanSpider(scrapy.Spider):
    """Crawl from known URLs, follow plan pages to a bounded depth, take every document."""

    name = "plans"
    allowed_domains: list[str] = []
    start_urls: list[str] = []
    # Page links are followed this many hops from a start URL; documents one hop further.
    max_page_depth = 3
    # SiteVision folder pages (?folder=19.…) on a plan page: this many folders deep, at any
    # depth (they hold the plan page's own files, whatever their URL says).
    max_folder_hops = 2

    catalogue: Any = None
    run_id: int | None = None

    async def start(self) -> AsyncIterator[scrapy.Request]:
        """Request every known start URL, then every plan page the sites' sitemaps list."""
        for url in self.start_urls:
            yield self._page_request(url, None)
        async for url in sitemap_pages(self):
            # Scrapy's duplicate filter drops the pages already requested.
            yield self._page_request(url, None, **{FROM_SITEMAP: True})

    def wants_page(self, link: FoundLink) -> bool:
        """Tell whether a page link is worth following: it is about plans."""
        return is_plan_link(link)

    def wants_url(self, url: str, title: str = "") -> bool:
        """Tell whether a page a sitemap lists is worth fetching (its URL or title)."""
        return is_plan_text(url) or is_plan_text(title)

    def _page_request(self, url: str, link: FoundLink | None, **meta: Any) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.parse,
            errback=self.on_page_error,
            meta={KIND: "page", LINK: link, **meta},
        )

    def _document_request(self, link: FoundLink, page_url: str) -> scrapy.Request:
        return scrapy.Request(
            link.url,
            callback=self.parse_document,
            errback=self.on_document_error,
            meta={
                KIND: "document",
                LINK: link,
                "page_url": page_url,
                "handle_httpstatus_list": [304],
            },
        )

    def parse(self, response: Response, **kwargs: Any) -> Iterator[Any]:
        """Archive a page, then take its document links and follow its plan links."""
        body_type = sniff_type(response.body)
        if is_document_type(body_type):
            # A page link that serves a document: archive it as one.
            yield from self._parse_unexpected_document(response)
            return
        limits, max_bytes = page_limits(self.crawler.settings)
        text = response.text if hasattr(response, "text") else ""
        if len(text) > max_bytes:
            add_note(
                self.crawler.stats,
                f"{response.url}: page of {len(text):,} characters; only the first "
                f"{max_bytes:,} were parsed",
            )
            text = text[:max_bytes]
        root = parse_html(text)
        meta = parse_page_meta(root)
        yield PageItem(
            record=page_record(response.url, response.body, page_region(response.url), meta),
            fetch_id=response.meta.get(FETCH_ID),
        )
        if response.meta.get(FROM_SITEMAP):
            self.crawler.stats.inc_value(SITEMAP_PAGES_STAT)
        scan = scan_links(root, response.url, limits)
        for note in scan.notes:
            add_note(self.crawler.stats, note)
        depth = response.meta.get("depth", 0)
        hops = response.meta.get(FOLDER_HOPS, 0)
        came_by: FoundLink | None = response.meta.get(LINK)
        # A plan page by its URL, its heading or the link that led here.
        plan_page = (
            hops > 0
            or is_plan_text(response.url)
            or is_plan_text(meta.title)
            or (came_by is not None and is_plan_link(came_by))
        )
        for link in scan.links:
            if link.is_document:
                yield from self._take_document(link, response.url)
            elif not link.allowed:
                continue
            elif is_folder_link(link.url) and plan_page and hops < self.max_folder_hops:
                yield self._page_request(link.url, link, **{FOLDER_HOPS: hops + 1})
            elif depth < self.max_page_depth and self.wants_page(link):
                yield self._page_request(link.url, link)

    def _take_document(self, link: FoundLink, page_url: str) -> Iterator[Any]:
        """Record where a document is linked and request it (Scrapy drops repeats)."""
        if not link.allowed:
            yield DocumentSkippedItem(link.url, page_url, "off-site link not followed")
            return
        yield LinkItem(_document_link(link, page_url))
        settings = getattr(self, "settings", None)
        limit = settings.getint("URLLENGTH_LIMIT") if settings is not None else 0
        if limit and len(link.url) > limit:
            # Scrapy's UrlLengthMiddleware would drop the request without a word.
            yield DocumentRefusedItem(
                link.url,
                page_url,
                f"URL is {len(link.url)} characters, over the {limit} allowed (URLLENGTH_LIMIT); "
                "not requested",
            )
            return
        yield self._document_request(link, page_url)

    def _parse_unexpected_document(self, response: Response) -> Iterator[Any]:
        """Archive a document reached through a page link."""
        link: FoundLink | None = response.meta.get(LINK)
        referer = (response.request.headers.get(b"Referer") or b"").decode("latin-1")
        if link is not None and referer:
            yield LinkItem(_document_link(link, referer))
        yield DocumentItem(
            linked_url(response),
            response.body,
            response.meta.get(FETCH_ID),
            redirect_chain(response),
        )

    def parse_document(self, response: Response) -> Iterator[Any]:
        """Archive a document's bytes once the bytes show it is a document."""
        url = linked_url(response)
        if response.status == 304:
            yield NotModifiedItem(url, redirect_chain(response))
            return
        body_type = sniff_type(response.body)
        if body_type == HTML and response.meta.get("redirect_urls"):
            follow = self._follow_publication(response, url)
            if follow is not None:
                yield follow
                return
        if not is_document_type(body_type):
            declared = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
            what = "an HTML page" if body_type == HTML else f"{body_type} content"
            # Kept as served (a file, not a version), so the next run can ask for it
            # conditionally and a reader can see what the server sent.
            yield DocumentFailureItem(
                url,
                f"expected a document but the server sent {what} "
                f"(Content-Type {declared or 'missing'}, {len(response.body)} bytes)",
                response.meta.get(FETCH_ID),
                body=response.body,
            )
            return
        if body_type != PDF:
            self.logger.info("document %s is %s, not PDF", response.url, body_type)
        yield DocumentItem(
            url, response.body, response.meta.get(FETCH_ID), redirect_chain(response)
        )

    def _follow_publication(self, response: Response, linked: str) -> scrapy.Request | None:
        """Request the PDF of the publication page an old document link redirected to.

        The request continues the redirect chain, so the PDF is archived under the URL the
        page linked (and keeps the article number that link carried).
        """
        found = publication_redirect(response, linked)
        if found is None:
            return None
        chain = [*response.meta.get("redirect_urls", []), response.url]
        if found.url in chain or len(chain) > self.crawler.settings.getint("REDIRECT_MAX_TIMES"):
            return None
        carried = (KIND, LINK, "page_url", "handle_httpstatus_list", "depth")
        meta = {key: response.meta[key] for key in carried if key in response.meta}
        return scrapy.Request(
            found.url,
            callback=self.parse_document,
            errback=self.on_document_error,
            meta={**meta, "redirect_urls": chain},
            # The PDF may be linked directly too; this hop must still reach it.
            dont_filter=True,
        )

    def on_document_error(self, failure: Failure) -> Iterator[Any]:
        """Record why a document could not be fetched; its earlier versions stay."""
        request = failure.request
        error = failure.value
        if isinstance(error, RedirectRefused):
            yield DocumentFailureItem(linked_url(request), str(error), request.meta.get(FETCH_ID))
            return
        refused_response = ignored_response_reason(error)
        if refused_response is not None:
            # The server answered, and the answer was refused (a gzip bomb, too many
            # redirects): a failed fetch of a linked document, not a request never made.
            yield DocumentFailureItem(
                linked_url(request), refused_response, request.meta.get(FETCH_ID)
            )
            return
        if isinstance(error, IgnoreRequest) and not isinstance(error, HttpError):
            yield DocumentSkippedItem(
                request.url, request.meta.get("page_url", ""), str(error) or "request ignored"
            )
            return
        if isinstance(error, HttpError):
            reason = f"HTTP {status_message(error.response.status)}"
        else:
            reason = describe_exception(error)
        yield DocumentFailureItem(linked_url(request), reason)

    def on_page_error(self, failure: Failure) -> Iterator[Any]:
        """Page failures are already in ``fetches``; just log them."""
        level = logging.INFO if isinstance(failure.value, IgnoreRequest) else logging.WARNING
        self.logger.log(level, "page %s failed: %s", failure.request.url, failure.value)
        return iter(())


def linked_url(request_or_response: scrapy.Request | Response) -> str:
    """Return the URL as the page linked it: the first of any redirect chain."""
    return (request_or_response.meta.get("redirect_urls") or [request_or_response.url])[0]


def redirect_chain(response: Response) -> tuple[str, ...]:
    """Return the URLs from the one linked to the one that answered, or () if none redirected."""
    earlier = response.meta.get("redirect_urls") or []
    return (*earlier, response.url) if earlier else ()


_DECOMPRESSED = re.compile(r"\((\d+) B compressed, (\d+) B decompressed.*?\((\d+) B\)")


def ignored_response_reason(error: BaseException) -> str | None:
    """Return why a response was dropped after it arrived, or None for a request never sent.

    Scrapy raises ``IgnoreRequest`` both before a request (robots.txt, off-site) and
    after its response (a body inflating past DOWNLOAD_MAXSIZE, too many redirects).
    """
    if not isinstance(error, IgnoreRequest) or isinstance(error, HttpError):
        return None
    text = str(error)
    if "decompress" in text or "DOWNLOAD_MAXSIZE" in text:
        found = _DECOMPRESSED.search(text)
        if found:
            compressed, inflated, cap = (int(n) for n in found.groups())
            return (
                f"too large: the {compressed:,}-byte compressed body inflated past the "
                f"download size cap ({cap:,} bytes; {inflated:,} bytes when it stopped)"
            )
        return "too large: the compressed body inflated past the download size cap"
    if "max redirections" in text:
        return "too many redirects (REDIRECT_MAX_TIMES reached)"
    return None


def _document_link(link: FoundLink, page_url: str) -> DocumentLink:
    return DocumentLink(
        document_url=link.url,
        page_url=page_url,
        link_text=link.text,
        title=link.title or clean_title(link.text),
        section=link.section,
        region=link.region,
        article_number=link.article_number,
    )
