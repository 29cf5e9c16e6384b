"""What the spiders hand to the pipeline: plain dataclasses, no I/O.

Reads nothing; writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from archive.catalogue import DocumentLink, PageRecord


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
    """A document's body as served."""

    url: str
    body: bytes
    fetch_id: int | None


@dataclass
class NotModifiedItem:
    """A document the server answered 304 for."""

    url: str


@dataclass
class DocumentFailureItem:
    """A document link whose fetch failed, with the reason."""

    url: str
    reason: str
    fetch_id: int | None = None


@dataclass
class DocumentSkippedItem:
    """A document link we may not fetch (robots.txt) or must not (off-site)."""

    url: str
    page_url: str
    reason: str
