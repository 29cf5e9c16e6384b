"""Fetch real URLs from the live site or from a wget-layout mirror, transparently.

Reads HTTP responses (through Scrapy's own HTTP/1.1 handler); writes nothing. With
``RCC_MIRROR`` set, a request for ``https://HOST/PATH`` is fetched from
``MIRROR/HOST/PATH`` (or, after a 404 there, from the host's ``www.``/bare twin folder, as
wget keeps each host as it was linked) and the response comes back under the real URL
(redirect targets too), so nothing above the downloader ever sees a mirror URL and the
archive records only real URLs.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response

from rcc_archive.scraper.urls import is_allowed, mirror_host_folders, mirror_url, real_location


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
        first: tuple[Request, Response] | None = None
        for folder in mirror_host_folders(request.url):
            # wget stored the file under the host as it was linked (www. or not); only a
            # 404 sends us on to the next folder, so every other answer is the site's own.
            local = request.replace(url=mirror_url(request.url, self.mirror, folder))
            response = await self._inner.download_request(local)
            if response.status != 404:
                return self._as_real(request, local, response)
            first = first or (local, response)
        assert first is not None  # mirror_host_folders always names at least one folder
        return self._as_real(request, *first)

    def _as_real(self, request: Request, local: Request, response: Response) -> Response:
        """The mirror's answer under the real URL, with a redirect target made real too."""
        headers = response.headers
        location = headers.get(b"Location")
        if location:
            real = real_location(
                location.decode("latin-1"), request.url, local.url, self.mirror or ""
            )
            if real:
                headers = headers.copy()
                headers[b"Location"] = real.encode("ascii")
        return response.replace(url=request.url, headers=headers)

    async def close(self) -> None:
        await self._inner.close()
