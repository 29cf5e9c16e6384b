"""The Wayback Machine's CDX API: the queries the backfill asks, and both shapes of answer.

Reads CDX response bodies; writes nothing. The Internet Archive answers ``output=json``
with one JSON array: a row of field names (``urlkey``, ``timestamp``, ``original``,
``mimetype``, ``statuscode``, ``digest``, ``length``), then one row per capture, and with
``showResumeKey=true`` an empty row and a row holding the key that continues the listing.
pywb (and other OpenWayback-style servers) answer one JSON object per line, with other
field names (``url``, ``mime``, ``status``) and no resume key, and ignore ``collapse``: so
captures are also made distinct here, by URL and digest.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from urllib.parse import urlencode

# The Internet Archive's field names, and the names pywb uses for the same fields.
_ALIASES = {"url": "original", "mime": "mimetype", "status": "statuscode"}
PAGE_SIZE = 500  # captures per CDX answer; a resume key fetches the next ones


@dataclass(frozen=True)
class CdxCapture:
    """One capture as a CDX row names it."""

    timestamp: str  # 14 digits, UTC: 20190315123456
    original: str  # the URL as captured
    mimetype: str
    statuscode: str
    digest: str


@dataclass(frozen=True)
class CdxQuery:
    """One listing the backfill walks: a URL prefix or domain, one MIME type, a date range."""

    kind: str  # "page" or "document": what its captures become
    url: str  # "cancercentrum.se/"
    match_type: str  # "prefix" or "domain"
    mimetype: str
    date_from: str | None = None
    date_to: str | None = None

    @property
    def key(self) -> str:
        """A stable name for the listing, under which its resume key is kept."""
        return (
            f"{self.kind} {self.match_type}:{self.url} {self.mimetype} "
            f"{self.date_from or '-'}..{self.date_to or '-'}"
        )

    def url_for(self, endpoint: str, resume_key: str | None = None) -> str:
        """Return the CDX request URL for this listing (from ``resume_key`` on)."""
        params: list[tuple[str, str]] = [
            ("url", self.url),
            ("matchType", self.match_type),
            ("output", "json"),
            ("filter", f"mimetype:{self.mimetype}"),
            ("filter", "statuscode:200"),
            ("collapse", "digest"),
            ("limit", str(PAGE_SIZE)),
            ("showResumeKey", "true"),
        ]
        if self.date_from:
            params.append(("from", self.date_from))
        if self.date_to:
            params.append(("to", self.date_to))
        if resume_key:
            params.append(("resumeKey", resume_key))
        return f"{endpoint}?{urlencode(params)}"


class CdxError(ValueError):
    """A CDX answer that is neither of the shapes we know."""


def _capture(fields: dict[str, str]) -> CdxCapture | None:
    named = {_ALIASES.get(name, name): str(value) for name, value in fields.items()}
    timestamp, original = named.get("timestamp", ""), named.get("original", "")
    if not (timestamp.isdigit() and original):
        return None
    return CdxCapture(
        timestamp=timestamp.ljust(14, "0")[:14],
        original=original,
        mimetype=named.get("mimetype", ""),
        statuscode=named.get("statuscode", ""),
        digest=named.get("digest", ""),
    )


def parse_cdx(body: bytes) -> tuple[list[CdxCapture], str | None]:
    """Return the distinct captures in a CDX answer and its resume key (None at the end)."""
    text = body.decode("utf-8", "replace").strip()
    if not text:
        return [], None
    captures: list[CdxCapture] = []
    resume_key: str | None = None
    if text.startswith("["):
        try:
            rows = json.loads(text)
        except ValueError as error:
            raise CdxError(f"CDX answer is not valid JSON: {error}") from error
        if not rows:
            return [], None
        names = rows[0]
        rest = rows[1:]
        if len(rest) >= 2 and rest[-2] == [] and len(rest[-1]) == 1:
            resume_key = str(rest[-1][0])
            rest = rest[:-2]
        for row in rest:
            if len(row) == len(names):
                found = _capture(dict(zip(names, row, strict=True)))
                if found:
                    captures.append(found)
    else:
        for line in text.splitlines():
            line = line.strip()
            if not line:
                continue
            try:
                fields = json.loads(line)
            except ValueError as error:
                raise CdxError(f"CDX line is not JSON: {line[:80]!r}") from error
            if not isinstance(fields, dict):
                raise CdxError(f"CDX line is not a JSON object: {line[:80]!r}")
            found = _capture(fields)
            if found:
                captures.append(found)
    seen: set[tuple[str, str]] = set()
    distinct = []
    for capture in sorted(captures, key=lambda c: (c.timestamp, c.original)):
        # collapse=digest keeps the first of each run of equal digests; a server that
        # ignores it (pywb) lists every capture, so keep the first of each URL and digest.
        key = (capture.original, capture.digest or capture.timestamp)
        if key not in seen:
            seen.add(key)
            distinct.append(capture)
    return distinct, resume_key


def capture_time(timestamp: str) -> str:
    """Turn a CDX timestamp (20190315123456) into the catalogue's 2019-03-15T12:34:56Z."""
    t = timestamp.ljust(14, "0")
    return f"{t[0:4]}-{t[4:6]}-{t[6:8]}T{t[8:10]}:{t[10:12]}:{t[12:14]}Z"


def replay_url(replay_base: str, timestamp: str, original: str) -> str:
    """Return the URL that serves a capture's original bytes (``id_``: not rewritten)."""
    return f"{replay_base.rstrip('/')}/{timestamp}id_/{original}"
