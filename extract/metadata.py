"""A PDF's document information (title, author, dates …) made fit for the catalogue.

Reads the info dictionary as pdfplumber (``PDF.metadata``) or pypdfium2
(``PdfDocument.get_metadata_dict()``) returns it; writes nothing.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from rcc_archive.archive.clock import to_iso

MAX_FIELD_CHARS = 1000

# D:YYYYMMDDHHmmSSOHH'mm' with every part after the year optional (PDF 32000-1, 7.9.4).
_PDF_DATE = re.compile(
    r"^(?:D:)?\s*(?P<year>\d{4})(?P<month>\d{2})?(?P<day>\d{2})?"
    r"(?P<hour>\d{2})?(?P<minute>\d{2})?(?P<second>\d{2})?"
    r"\s*(?P<sign>[Zz+\-])?\s*(?P<tz_hour>\d{2})?'?\s*(?P<tz_minute>\d{2})?'?"
)


@dataclass(frozen=True)
class PdfMetadata:
    """The document information fields the catalogue keeps."""

    title: str | None = None
    author: str | None = None
    creator: str | None = None
    producer: str | None = None
    created: str | None = None
    modified: str | None = None


def metadata_from_info(info: Mapping[str, Any]) -> PdfMetadata:
    """Pick and clean the catalogue's fields from a PDF info dictionary."""
    return PdfMetadata(
        title=clean_field(info.get("Title")),
        author=clean_field(info.get("Author")),
        creator=clean_field(info.get("Creator")),
        producer=clean_field(info.get("Producer")),
        created=pdf_date_to_iso(clean_field(info.get("CreationDate"))),
        modified=pdf_date_to_iso(clean_field(info.get("ModDate"))),
    )


def clean_field(value: Any) -> str | None:
    """Turn one info value into trimmed NFC text, or None when it holds nothing."""
    if value is None:
        return None
    if isinstance(value, bytes):
        text = _decode_bytes(value)
    elif isinstance(value, str):
        text = value
    elif hasattr(value, "name"):  # a PDF name object (pdfminer's PSLiteral)
        text = str(value.name)
    else:
        text = str(value)
    text = unicodedata.normalize("NFC", text.replace("\x00", ""))
    text = " ".join(text.split())
    return text[:MAX_FIELD_CHARS] or None


def pdf_date_to_iso(value: str | None) -> str | None:
    """Convert a PDF date (``D:20230101120000+01'00'``) to ISO 8601 UTC.

    A date without a time zone is taken as UTC. A value that is not a PDF date is
    returned as it is, so what the file says is never lost.
    """
    if value is None:
        return None
    match = _PDF_DATE.match(value)
    if match is None:
        return value
    parts = match.groupdict()
    try:
        offset = _offset(parts)
        moment = datetime(
            int(parts["year"]),
            int(parts["month"] or 1),
            int(parts["day"] or 1),
            int(parts["hour"] or 0),
            int(parts["minute"] or 0),
            int(parts["second"] or 0),
            tzinfo=timezone(offset),
        )
    except ValueError:
        return value
    if not 1900 <= moment.year <= 2200:
        return value
    return to_iso(moment.astimezone(UTC))


def _offset(parts: Mapping[str, str | None]) -> timedelta:
    """Return the UTC offset a PDF date states (none means UTC)."""
    sign = parts["sign"]
    if sign in (None, "Z", "z"):
        return timedelta(0)
    delta = timedelta(hours=int(parts["tz_hour"] or 0), minutes=int(parts["tz_minute"] or 0))
    return -delta if sign == "-" else delta


def _decode_bytes(raw: bytes) -> str:
    """Decode an info string that came as raw bytes."""
    if raw.startswith((b"\xfe\xff", b"\xff\xfe")):
        return raw.decode("utf-16", "replace")
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    # PDFDocEncoding matches Latin-1 for the letters Swedish needs.
    return raw.decode("latin-1")
