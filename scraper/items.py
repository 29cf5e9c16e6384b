"""What the spiders hand to the pipeline: plain dataclasses, no I/O.

Reads nothing; writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from rcc_archive.archive.catalogue import DocumentLink, PageRecord


@dataclass
class PageItem:
    """A fetched HTML page and what it says about itself."""

    record: PageRecord
    fetch_id: int | None


@dataclass
class LinkItem:
    """A document link found on a page."""

    link: DocumentLink


@dataclass
class DocumentItem:
    """A document's body as served.

    ``url`` is the URL as linked; ``redirect_urls`` the chain from it to the URL that
    answered (``final_url``), both ends included, or empty when nothing redirected.
    """

    url: str
    body: bytes
    fetch_id: int | None
    redirect_urls: tuple[str, ...] = ()

    @property
    def final_url(self) -> str:
        """The URL that finally answered with the body."""
        return self.redirect_urls[-1] if self.redirect_urls else self.url


@dataclass
class NotModifiedItem:
    """A document the server answered 304 for."""

    url: str
    # From the linked URL to the one that answered 304 (empty when nothing redirected).
    redirect_urls: tuple[str, ...] = ()


@dataclass
class DocumentFailureItem:
    """A document link whose fetch failed, with the reason.

    ``body`` is set when the server answered but with something that is not the
    document (an HTML error page at a PDF link): those bytes are kept too.
    """

    url: str
    reason: str
    fetch_id: int | None = None
    body: bytes | None = None


@dataclass
class DocumentRefusedItem:
    """A document link the crawl will not request (too long a URL), with the reason."""

    url: str
    page_url: str
    reason: str


@dataclass
class DocumentSkippedItem:
    """A document link we may not fetch (robots.txt) or must not (off-site)."""

    url: str
    page_url: str
    reason: str
