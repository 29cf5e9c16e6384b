"""Downloader middlewares: record every fetch, ask conditionally, back off, refuse bad redirects.

Reads requests and responses; writes ``fetches`` rows through the spider's
``archive.catalogue.Catalogue``. The recorder sits next to the downloader, so it sees
every attempt — retries, redirects, robots.txt refusals, time-outs — under the real URL.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import time
from http import HTTPStatus
from typing import Any
from urllib.parse import urljoin, urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.redirect import RedirectMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import (
    DownloadCancelledError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response
from scrapy.utils.response import response_status_message

from rcc_archive.archive.catalogue import ERROR, NOT_MODIFIED, SKIPPED
from rcc_archive.archive.sniff import HTML, sniff_type
from rcc_archive.scraper.urls import canonical_url, is_allowed

KIND = "rcc_kind"
FETCH_ID = "rcc_fetch_id"
_STARTED = "_rcc_started"


def _catalogue(crawler: Crawler) -> Any:
    return getattr(crawler.spider, "catalogue", None)


def _kind(request: Request) -> str:
    if urlsplit(request.url).path == "/robots.txt":
        return "robots"
    return request.meta.get(KIND, "page")


def _header(response: Response, name: str) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def headers_json(headers: Any) -> str:
    """Return Scrapy headers as a JSON list of ``[name, value]`` pairs, repeats kept, in order."""
    return json.dumps(
        [
            [name.decode("latin-1"), value.decode("latin-1")]
            for name, values in headers.items()
            for value in values
        ],
        ensure_ascii=False,
    )


def status_message(status: int) -> str:
    """Return "404 Not Found" style text, with names Scrapy lacks (429 Too Many Requests)."""
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return response_status_message(status)


def describe_exception(exception: BaseException) -> str:
    """Return a reason a person can read for a failed download."""
    name = exception.__class__.__name__
    text = str(exception) or name
    if isinstance(exception, DownloadTimeoutError) or "TimeoutError" in name or "timed out" in text:
        return f"timeout: {text}"
    if isinstance(exception, DownloadCancelledError):
        # Scrapy cancels a download only when the body passes DOWNLOAD_MAXSIZE; past the
        # cap mid-stream (no Content-Length) the exception carries no message at all.
        detail = "" if text == name else f": {text}"
        return f"too large: the body passed the download size cap{detail}"
    if _is_empty_reply(name, text):
        return "empty reply: the server closed the connection before sending any response"
    if isinstance(exception, ResponseDataLossError) or name in ("ResponseFailed", "_DataLoss"):
        return "incomplete body (connection closed before Content-Length)"
    return f"{name}: {text}"


def _is_empty_reply(name: str, text: str) -> bool:
    # Twisted says ResponseNeverReceived or ConnectionDone/Lost, Scrapy wraps it in
    # DownloadFailedError; curl calls the same thing "empty reply from server".
    if name == "ResponseNeverReceived" or "empty reply" in text.lower():
        return True
    return name in ("DownloadFailedError", "ConnectionDone", "ConnectionLost") and (
        "ConnectionDone" in text or "ConnectionLost" in text or "closed cleanly" in text
    )


class RedirectRefused(Exception):
    """A redirect the crawl will not follow: off-site, not http, or back into its own chain."""


class FetchRecorderMiddleware:
    """Write one ``fetches`` row per HTTP exchange or refused request."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FetchRecorderMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        request.meta[_STARTED] = time.monotonic()

    def _record(self, request: Request, **fields: Any) -> int | None:
        catalogue = _catalogue(self.crawler)
        if catalogue is None:
            return None
        started = request.meta.pop(_STARTED, None)
        duration = int((time.monotonic() - started) * 1000) if started else None
        body = fields.pop("body", None)
        record = catalogue.record_fetch if body is None else catalogue.record_stored_fetch
        args = () if body is None else (body,)
        return record(
            self.crawler.spider.run_id,
            request.url,
            *args,
            kind=_kind(request),
            duration_ms=duration,
            **fields,
        )

    def process_response(self, request: Request, response: Response) -> Response:
        status = response.status
        fields: dict[str, Any] = {
            "http_status": status,
            "content_type": _header(response, "Content-Type"),
            "bytes": len(response.body),
            "etag": _header(response, "ETag"),
            "last_modified": _header(response, "Last-Modified"),
            # The exchange as the HTTP client saw it, for a WARC that is the record.
            "status_line": f"{response.protocol or 'HTTP/1.1'} {status_message(status)}",
            "response_headers": headers_json(response.headers),
            "request_headers": headers_json(request.headers),
        }
        if status == 304:
            fields["outcome"] = NOT_MODIFIED
        elif 300 <= status < 400:
            location = _header(response, "Location")
            target = canonical_url(location, request.url) if location else None
            fields["redirect_to"] = target or (urljoin(request.url, location) if location else None)
            if target is None or not is_allowed(target):
                fields["outcome"] = ERROR
                fields["error"] = (
                    f"redirect to {fields['redirect_to']} (off-site or not http) not followed"
                )
            else:
                fields["outcome"] = SKIPPED
        elif status >= 400:
            fields["outcome"] = ERROR
            fields["error"] = f"HTTP {status_message(status)}"
        elif _kind(request) == "document" and sniff_type(response.body) == HTML:
            # The spider decides what this page is (an error page, or a publication page
            # whose PDF it fetches next); until then the row says what came.
            fields["outcome"] = SKIPPED
            fields["error"] = "an HTML page answered a document request"
        if status == 200 and _kind(request) in ("robots", "sitemap"):
            # robots.txt decides what we may fetch and the sitemaps what there is to
            # find: keep each version of them too.
            self._record(request, body=response.body, **fields)
            return response
        fetch_id = self._record(request, **fields)
        if 200 <= status < 400:
            # A refused redirect completes its 3xx row, so a redirect keeps its id too.
            request.meta[FETCH_ID] = fetch_id
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, IgnoreRequest):
            self._record(request, outcome=SKIPPED, error=str(exception) or "ignored")
        else:
            self._record(request, outcome=ERROR, error=describe_exception(exception))
        return None


class ConditionalRequestMiddleware:
    """Ask for a document only if it changed, using the validators the archive kept."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequestMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        catalogue = _catalogue(self.crawler)
        if catalogue is None or request.meta.get(KIND) != "document":
            return None
        if b"If-None-Match" in request.headers or b"If-Modified-Since" in request.headers:
            return None
        etag, last_modified = catalogue.validators_for(request.url)
        if etag:
            request.headers[b"If-None-Match"] = etag.encode("latin-1")
        if last_modified:
            request.headers[b"If-Modified-Since"] = last_modified.encode("latin-1")
        return None


def retry_after_seconds(value: str | None) -> float | None:
    """Parse a Retry-After header (seconds or an HTTP date) into seconds from now."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, moment.timestamp() - time.time())


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, with exponential backoff and respect for Retry-After."""

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RCC_RETRY_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("RCC_RETRY_BACKOFF_MAX", 60.0)

    def _delay(self, request: Request, response: Response | None) -> float:
        attempt = request.meta.get("retry_times", 0)
        delay = self.base * (2**attempt)
        if response is not None:
            asked = retry_after_seconds(_header(response, "Retry-After"))
            if asked is not None:
                delay = max(delay, asked)
        return min(delay, self.cap)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await asyncio.sleep(self._delay(request, response))
        return result

    async def process_exception(self, request: Request, exception: Exception) -> Request | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await asyncio.sleep(self._delay(request, None))
        return result


class GuardedRedirectMiddleware(RedirectMiddleware):
    """Scrapy's redirects, refusing off-site targets and loops with a reason, never silently."""

    def process_response(self, request: Request, response: Response) -> Request | Response:
        location = _header(response, "Location")
        if response.status not in (301, 302, 303, 307, 308) or not location:
            return super().process_response(request, response)
        if request.meta.get("dont_redirect") or response.status in request.meta.get(
            "handle_httpstatus_list", ()
        ):
            return super().process_response(request, response)
        target = canonical_url(location, request.url)
        if target is None or not is_allowed(target):
            raise RedirectRefused(f"redirects off-site to {target or location}; not followed")
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            raise RedirectRefused("redirect loop: " + " → ".join([*chain, target]))
        result = super().process_response(request, response)
        if isinstance(result, Request):
            # The target may be linked directly too; the duplicate filter would drop this
            # hop silently and leave the linked URL without a body. Loops are caught above
            # and REDIRECT_MAX_TIMES bounds the chain.
            result.dont_filter = True
        return result
