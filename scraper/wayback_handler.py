"""Fetch a capture's original bytes from a Wayback Machine, under the URL it is a capture of.

Reads HTTP responses (through Scrapy's own HTTP/1.1 handler); writes nothing. A request
for a real URL that carries a capture's replay URL in ``meta`` is fetched from that replay
URL (``…/web/<timestamp>id_/<url>``: the bytes as captured, not rewritten), and the answer
comes back under the real URL, as ``scraper.handlers`` does for a mirror: everything above
the downloader — the fetch recorder, the pipeline — sees the real URL, and the capture's
URL travels in ``meta``. Any other request (the CDX queries) goes out as it is.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response

CAPTURE_URL = "rcc_capture_url"


class WaybackDownloadHandler:
    """HTTP(S) download handler that reads captures from their replay URL."""

    lazy = False

    def __init__(self, crawler: Crawler) -> None:
        self._inner = HTTP11DownloadHandler(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WaybackDownloadHandler:
        return cls(crawler)

    async def download_request(self, request: Request) -> Response:
        """Download a request, from its capture's replay URL when it has one."""
        capture_url = request.meta.get(CAPTURE_URL)
        if not capture_url:
            return await self._inner.download_request(request)
        response = await self._inner.download_request(request.replace(url=capture_url))
        return response.replace(url=request.url)

    async def close(self) -> None:
        await self._inner.close()
