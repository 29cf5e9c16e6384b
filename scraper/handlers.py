"""Fetch real URLs from the live site or from a wget-layout mirror, transparently.

Reads HTTP responses (through Scrapy's own HTTP/1.1 handler); writes nothing. With
``RCC_MIRROR`` set, a request for ``https://HOST/PATH`` is fetched from
``MIRROR/HOST/PATH`` and the response comes back under the real URL (redirect targets
inside the mirror too), so nothing above the downloader ever sees a mirror URL and the
archive records only real URLs.
"""

from __future__ import annotations

from urllib.parse import urljoin

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from scraper.urls import is_allowed, mirror_url, real_url_from_mirror


class MirrorAwareDownloadHandler:
    """HTTP(S) download handler that reads from ``RCC_MIRROR`` when it is set."""

    lazy = False

    def __init__(self, crawler: Crawler) -> None:
        self._inner = HTTP11DownloadHandler(crawler)
        self.mirror: str | None = crawler.settings.get("RCC_MIRROR") or None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> MirrorAwareDownloadHandler:
        return cls(crawler)

    async def download_request(self, request: Request) -> Response:
        """Download a request, from the mirror when one is configured."""
        if not self.mirror:
            return await self._inner.download_request(request)
        if not is_allowed(request.url):
            # The mirror only holds the crawled hosts; anything else is refused here too,
            # a second fence behind the off-site filter.
            raise IgnoreRequest(f"not a mirrored host: {request.url}")
        local = request.replace(url=mirror_url(request.url, self.mirror))
        response = await self._inner.download_request(local)
        location = response.headers.get(b"Location")
        headers = response.headers
        if location:
            target = urljoin(local.url, location.decode("latin-1"))
            real = real_url_from_mirror(target, self.mirror)
            if real:
                headers = headers.copy()
                headers[b"Location"] = real.encode("ascii")
        return response.replace(url=request.url, headers=headers)

    async def close(self) -> None:
        await self._inner.close()
