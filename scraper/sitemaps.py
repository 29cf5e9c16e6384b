"""Find plan pages through the sites' sitemaps, whatever their URLs are called this year.

Reads robots.txt and the sitemaps it names (plain or gzipped, sitemap indexes followed),
through a download function the spider gives, so every fetch goes through the crawl's
own downloader (robots.txt rules, mirror, fetch records); writes nothing. Parsing uses
Scrapy's own sitemap tools (``Sitemap``, ``sitemap_urls_from_robots``, ``gunzip``). Bounded:
a cap on sitemap files, on their decompressed size, on index nesting and on pages taken.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from rcc_archive.scraper.urls import canonical_url, is_allowed

# A download function: URL and kind ("robots" or "sitemap") → body, or None if it failed.
Download = Callable[[str, str], Awaitable[bytes | None]]
# Whether a listed page is wanted: its URL and any title the sitemap gives.
Wanted = Callable[[str, str], bool]
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class SitemapLimits:
    """Bounds on what one site's sitemaps may cost."""

    max_files: int = 50  # sitemap files read (indexes included)
    max_bytes: int = 50 * 1024 * 1024  # per file, after gunzip (the protocol's own limit)
    max_nesting: int = 3  # sitemap index → sitemap → ...
    max_pages: int = 2_000  # wanted pages taken


@dataclass
class SitemapReport:
    """What the sitemaps of one run gave, for the run's notes."""

    files: int = 0
    listed: int = 0
    wanted: int = 0
    notes: list[str] = field(default_factory=list)


def robots_url(site_url: str) -> str:
    """Return the robots.txt URL of the host a URL is on."""
    parts = urlsplit(site_url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


def sitemaps_in_robots(body: bytes, url: str) -> list[str]:
    """Return the canonical, in-scope sitemap URLs a robots.txt names, in order, once each."""
    found: list[str] = []
    for listed in sitemap_urls_from_robots(body, base_url=url):
        sitemap = canonical_url(listed)
        if sitemap and is_allowed(sitemap) and sitemap not in found:
            found.append(sitemap)
    return found


def sitemap_body(body: bytes, max_bytes: int) -> bytes:
    """Return a sitemap's XML: gunzipped when gzipped (``.xml.gz``), bounded in size."""
    if body[:2] == _GZIP_MAGIC:
        return gunzip(body, max_size=max_bytes)
    if len(body) > max_bytes:
        raise ValueError(f"sitemap of {len(body):,} bytes is over {max_bytes:,}")
    return body


def sitemap_entries(xml: bytes) -> tuple[str, list[dict[str, str]]]:
    """Return a sitemap's type (``urlset`` or ``sitemapindex``) and its entries."""
    if not xml.strip():
        return "", []
    sitemap = Sitemap(xml)
    return sitemap.type, [entry for entry in sitemap if entry.get("loc")]


async def discover(
    sites: list[str],
    download: Download,
    wanted: Wanted,
    report: SitemapReport,
    limits: SitemapLimits = SitemapLimits(),
) -> AsyncIterator[str]:
    """Yield the canonical URL of every wanted page the sites' sitemaps list."""
    seen: set[str] = set()
    taken = 0
    for site in sites:
        robots = robots_url(site)
        body = await download(robots, "robots")
        queue = [(url, 0) for url in sitemaps_in_robots(body or b"", robots)]
        while queue:
            url, nesting = queue.pop(0)
            if url in seen:
                continue
            if len(seen) >= limits.max_files:
                report.notes.append(
                    f"sitemap file cap of {limits.max_files} reached; {url} and later not read"
                )
                break
            seen.add(url)
            raw = await download(url, "sitemap")
            if raw is None:
                continue
            try:
                kind, entries = sitemap_entries(sitemap_body(raw, limits.max_bytes))
            except (OSError, ValueError, EOFError) as error:
                report.notes.append(f"sitemap {url} could not be read: {error}")
                continue
            report.files += 1
            if kind == "sitemapindex":
                if nesting + 1 > limits.max_nesting:
                    report.notes.append(f"sitemap index {url} nested too deep; not followed")
                    continue
                for entry in entries:
                    child = canonical_url(entry["loc"], url)
                    if child and is_allowed(child):
                        queue.append((child, nesting + 1))
                continue
            for entry in entries:
                page = canonical_url(entry["loc"], url)
                if page is None or not is_allowed(page):
                    continue
                report.listed += 1
                if not wanted(page, entry.get("title", "")):
                    continue
                if taken >= limits.max_pages:
                    report.notes.append(
                        f"sitemap page cap of {limits.max_pages} reached; later pages not taken"
                    )
                    return
                taken += 1
                report.wanted += 1
                yield page
