"""The spider's ways of finding pages besides following links, and the notes they leave.

Reads the crawl settings and, through the engine's downloader, robots.txt and sitemaps;
writes crawler stats (counts and notes that ``scraper.crawl`` turns into
``crawl_runs.notes``). Also the one step a document request needs when it ends on a
publication page instead of a PDF (Socialstyrelsen's old artikelkatalog links).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from rcc_archive.scraper.inline_json import JsonLimits
from rcc_archive.scraper.links import LinkLimits
from rcc_archive.scraper.middlewares import KIND, describe_exception
from rcc_archive.scraper.pagemeta import parse_html
from rcc_archive.scraper.publications import PublicationDocument, publication_document
from rcc_archive.scraper.request_rules import CAP_STAT
from rcc_archive.scraper.sitemaps import SitemapLimits, SitemapReport, discover
from rcc_archive.scraper.urls import canonical_url, is_allowed

logger = logging.getLogger(__name__)
NOTES_STAT = "rcc/notes"
SITEMAP_PAGES_STAT = "rcc/sitemap_pages"
_MAX_NOTES = 30  # kept in crawl_runs.notes; later ones are counted, not listed


def add_note(stats: Any, note: str) -> None:
    """Keep a note for the run's ``crawl_runs.notes`` (and log it as a warning)."""
    note = note[:500]
    logger.warning("%s", note)
    notes = list(stats.get_value(NOTES_STAT, []))
    if len(notes) < _MAX_NOTES:
        notes.append(note)
        stats.set_value(NOTES_STAT, notes)
    else:
        stats.inc_value("rcc/notes_dropped")


def page_limits(settings: Any) -> tuple[LinkLimits, int]:
    """Return the per-page link bounds and the byte cap on what is parsed."""
    limits = LinkLimits(
        max_links=settings.getint("RCC_MAX_LINKS_PER_PAGE", 5_000),
        max_seconds=settings.getfloat("RCC_MAX_PARSE_SECONDS", 30.0),
        json=JsonLimits(),
    )
    return limits, settings.getint("RCC_MAX_PAGE_BYTES", 10 * 1024 * 1024)


async def sitemap_pages(spider: scrapy.Spider) -> AsyncIterator[str]:
    """Yield every wanted page the spider's sites list in their sitemaps."""
    crawler = spider.crawler
    settings = crawler.settings
    if not settings.getbool("RCC_SITEMAPS", True):
        return
    limits = SitemapLimits(
        max_files=settings.getint("RCC_SITEMAP_MAX_FILES", 50),
        max_bytes=settings.getint("DOWNLOAD_MAXSIZE", 50 * 1024 * 1024) or 50 * 1024 * 1024,
        max_pages=settings.getint("RCC_SITEMAP_MAX_PAGES", 2_000),
    )

    async def download(url: str, kind: str) -> bytes | None:
        # The engine's downloader: robots.txt, the mirror, retries and fetch records apply.
        request = scrapy.Request(url, meta={KIND: kind}, dont_filter=True)
        try:
            response = await crawler.engine.download_async(request)
        except IgnoreRequest as error:
            logger.info("%s %s not fetched: %s", kind, url, error)
            return None
        except Exception as error:
            logger.warning("%s %s failed: %s", kind, url, describe_exception(error))
            return None
        return response.body if response.status == 200 else None

    sites = list(
        dict.fromkeys(f"{p.scheme}://{p.netloc}/" for p in map(urlsplit, spider.start_urls))
    )
    report = SitemapReport()
    wanted = spider.wants_url  # type: ignore[attr-defined]
    async for url in discover(sites, download, wanted, report, limits):
        yield url
    stats = crawler.stats
    stats.set_value("rcc/sitemap_files", report.files)
    stats.set_value("rcc/sitemap_listed", report.listed)
    stats.set_value("rcc/sitemap_wanted", report.wanted)
    for note in report.notes:
        add_note(stats, f"{spider.name}: {note}")


def run_notes(name: str, stats: dict[str, Any]) -> tuple[list[str], str | None]:
    """Return a spider's notes for ``crawl_runs.notes`` and why its run is incomplete, if so."""
    notes: list[str] = []
    files = stats.get("rcc/sitemap_files", 0)
    if files:
        pages = stats.get(SITEMAP_PAGES_STAT, 0)
        notes.append(
            f"{name}: {pages} page{'' if pages == 1 else 's'} came from the sitemap "
            f"({files} sitemap files, {stats.get('rcc/sitemap_listed', 0)} pages listed, "
            f"{stats.get('rcc/sitemap_wanted', 0)} about plans)"
        )
    notes.extend(stats.get(NOTES_STAT, []))
    dropped = stats.get("rcc/notes_dropped", 0)
    if dropped:
        notes.append(f"{name}: {dropped} more notes in the crawl log")
    cap = stats.get(CAP_STAT)
    return notes, (f"{name}: {cap}" if cap else None)


def publication_redirect(response: Response, linked: str) -> PublicationDocument | None:
    """Return the PDF of the publication page a document link ended on, or None.

    Socialstyrelsen's old ``/globalassets/…/artikelkatalog/…/<artnr>.pdf`` links answer
    301 to the publication page; the document is the page's main-doc link.
    """
    text = response.text if hasattr(response, "text") else ""
    found = publication_document(parse_html(text), response.url, linked)
    if found is None:
        return None
    url = canonical_url(found.url)
    if url is None or not is_allowed(url) or url in (response.url, linked):
        return None
    return PublicationDocument(url, found.link_text, found.article_number)
