"""The HTTP head of each WARC record, from what a ``fetches`` row kept of the exchange.

Reads one ``fetches`` row (as a dict); writes nothing. A row recorded since
``response_headers`` existed gives the status line and headers as the HTTP client received
them; an older row gets them rebuilt from its ``content_type``, ``etag`` and
``last_modified`` columns. Bodies are archived decoded (the crawler undoes gzip and
brotli), so a header that describes the encoding on the wire — ``Content-Encoding``,
``Transfer-Encoding`` and a ``Content-Length`` that no longer fits — is kept under an
``X-Archive-Orig-`` name (the prefix replay tools use) and a true ``Content-Length`` added:
a replay tool must not try to decompress bytes that are already plain.
"""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders

ORIG_PREFIX = "X-Archive-Orig-"
_TOKEN = re.compile(r"[^!#$%&'*+\-.^_`|~0-9A-Za-z]")


def clean_value(value: str) -> str:
    """Fold a header value onto one line: a line break would forge headers in the record."""
    return " ".join(value.split())


def clean_name(name: str) -> str:
    """Keep only the characters a header name may hold (RFC 9110 token)."""
    return _TOKEN.sub("", name) or "X-Invalid-Header-Name"


def _pairs(raw: object) -> list[tuple[str, str]] | None:
    if not raw:
        return None
    try:
        decoded = json.loads(str(raw))
    except ValueError:
        return None
    if not isinstance(decoded, list):
        return None
    return [
        (clean_name(str(pair[0])), clean_value(str(pair[1])))
        for pair in decoded
        if isinstance(pair, list) and len(pair) == 2
    ]


def _status(row: dict[str, object]) -> tuple[str, str]:
    """Return (protocol, "200 OK") from the recorded status line, or from the status code."""
    line = str(row.get("status_line") or "")
    protocol, _, status = clean_value(line).partition(" ")
    if protocol.startswith("HTTP/") and status[:3].isdigit():
        return protocol, status
    code = int(row["http_status"])  # type: ignore[call-overload]
    try:
        phrase = HTTPStatus(code).phrase
    except ValueError:
        phrase = "Unknown Status"
    return "HTTP/1.1", f"{code} {phrase}"


def has_served_headers(row: dict[str, object]) -> bool:
    """Tell whether the row kept the response's headers as served (rows since they were)."""
    return _pairs(row.get("response_headers")) is not None


def response_head(row: dict[str, object], size: int | None) -> StatusAndHeaders:
    """Return the status line and headers of a response; ``size`` is the archived body's length.

    ``size`` None is a response without a body in the record (a 304): headers stay as served.
    """
    protocol, status = _status(row)
    served = _pairs(row.get("response_headers"))
    if served is None:
        served = [
            (name, clean_value(str(row[column])))
            for name, column in (
                ("Content-Type", "content_type"),
                ("ETag", "etag"),
                ("Last-Modified", "last_modified"),
            )
            if row.get(column)
        ]
    if size is None:
        return StatusAndHeaders(status, served, protocol=protocol)
    encoded = any(
        name.lower() == "content-encoding" and value.lower() not in ("", "identity")
        for name, value in served
    )
    headers: list[tuple[str, str]] = []
    length_fits = False
    for name, value in served:
        lower = name.lower()
        if lower == "transfer-encoding" or (lower == "content-encoding" and encoded):
            headers.append((ORIG_PREFIX + name, value))
        elif lower == "content-length":
            if value == str(size) and not length_fits:
                length_fits = True
                headers.append((name, value))
            else:
                headers.append((ORIG_PREFIX + name, value))
        else:
            headers.append((name, value))
    if not length_fits:
        headers.append(("Content-Length", str(size)))
    return StatusAndHeaders(status, headers, protocol=protocol)


def request_head(row: dict[str, object]) -> StatusAndHeaders | None:
    """Return the GET request as sent (request line, Host, recorded headers), if it was kept."""
    sent = _pairs(row.get("request_headers"))
    if sent is None:
        return None
    parts = urlsplit(str(row["url"]))
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    headers = list(sent)
    if not any(name.lower() == "host" for name, _ in headers):
        # The HTTP client adds Host on the wire; it names the real host, as the URL does.
        headers.insert(0, ("Host", parts.netloc))
    return StatusAndHeaders(f"GET {target} HTTP/1.1", headers, is_http_request=True)
